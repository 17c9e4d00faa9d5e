/**
 * Deliverable email: an SES domain identity with Easy DKIM and a custom MAIL FROM domain (so
 * SPF and DKIM both align with the From domain, as a gov.uk DMARC policy requires), and one
 * configuration set named in every send, with reputation metrics, account-level suppression of
 * bounces and complaints, and its bounce, complaint, delay and reject events published to the
 * default EventBridge bus (SES publishes to no other bus), where the feedback function's rule
 * picks them up.
 *
 * With a Route 53 hosted zone (`hostedZoneId` and `hostedZoneName`) the DKIM and MAIL FROM
 * records are written there; without one they are stack outputs, to publish by hand. The DMARC
 * record is always an output (docs/operations-email.md says which policy to publish).
 */
import { CfnOutput, Stack } from "aws-cdk-lib";
import { EventBus } from "aws-cdk-lib/aws-events";
import { type IGrantable, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { PublicHostedZone } from "aws-cdk-lib/aws-route53";
import {
  ConfigurationSet,
  ConfigurationSetEventDestination,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from "aws-cdk-lib/aws-ses";
import { Construct } from "constructs";

export interface MailProps {
  /** The From address; its domain is the identity unless `domain` says otherwise. */
  senderEmail: string;
  /** The sending domain (a verified SES domain identity). */
  domain?: string;
  /** A public Route 53 zone for the domain: the DNS records are written there. */
  hostedZone?: { id: string; name: string };
}

/** The domain part of an address, lower-cased. */
export const domainOf = (email: string) => (email.split("@").pop() ?? "").toLowerCase();

/** The DMARC record recommended for the sending domain (see docs/operations-email.md). */
export const dmarcRecord = (domain: string) => ({
  name: `_dmarc.${domain}`,
  value: `v=DMARC1; p=reject; sp=reject; adkim=s; aspf=r; rua=mailto:dmarc-rua@dmarc.service.gov.uk`,
});

export const MAIL_FEEDBACK_EVENTS = [
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
  EmailSendingEvent.DELIVERY_DELAY,
  EmailSendingEvent.REJECT,
];

export class Mail extends Construct {
  readonly domain: string;
  readonly mailFromDomain: string;
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.domain = (props.domain ?? domainOf(props.senderEmail)).toLowerCase();
    this.mailFromDomain = `bounce.${this.domain}`;

    this.configurationSet = new ConfigurationSet(this, "ConfigurationSet", {
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      sendingEnabled: true,
    });
    new ConfigurationSetEventDestination(this, "Feedback", {
      configurationSet: this.configurationSet,
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, "DefaultBus", "default")),
      events: MAIL_FEEDBACK_EVENTS,
    });

    const zone = props.hostedZone
      ? PublicHostedZone.fromPublicHostedZoneAttributes(this, "Zone", {
          hostedZoneId: props.hostedZone.id,
          zoneName: props.hostedZone.name,
        })
      : undefined;
    this.identity = new EmailIdentity(this, "Identity", {
      identity: zone ? Identity.publicHostedZone(zone) : Identity.domain(this.domain),
      dkimSigning: true,
      mailFromDomain: this.mailFromDomain,
      // Sends that name no configuration set still get its suppression and events.
      configurationSet: this.configurationSet,
    });

    if (!zone) {
      this.identity.dkimRecords.forEach((record, index) => {
        new CfnOutput(this, `DkimRecord${index + 1}`, {
          description: "DKIM: publish this CNAME (name, then value) in the sending domain",
          value: `${record.name} CNAME ${record.value}`,
        });
      });
      new CfnOutput(this, "MailFromMxRecord", {
        description: "Custom MAIL FROM: publish this MX record",
        value: `${this.mailFromDomain} MX 10 feedback-smtp.${Stack.of(this).region}.amazonses.com`,
      });
      new CfnOutput(this, "MailFromSpfRecord", {
        description: "Custom MAIL FROM: publish this TXT (SPF) record",
        value: `${this.mailFromDomain} TXT "v=spf1 include:amazonses.com ~all"`,
      });
    }
    const dmarc = dmarcRecord(this.domain);
    new CfnOutput(this, "DmarcRecord", {
      description: "DMARC: publish this TXT record once DKIM and MAIL FROM verify (docs/operations-email.md)",
      value: `${dmarc.name} TXT "${dmarc.value}"`,
    });
  }

  /** Lets a function send as the identity through the configuration set. */
  grantSend(grantee: IGrantable): void {
    this.identity.grantSendEmail(grantee);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ["ses:SendEmail", "ses:SendRawEmail"],
        resources: [
          Stack.of(this).formatArn({
            service: "ses",
            resource: "configuration-set",
            resourceName: this.configurationSet.configurationSetName,
          }),
        ],
      }),
    );
  }
}
