/** Stage tables for infra tests. */
import { type StageName, type StageSettings, stages } from "../../infra/aws/stages.ts";

/** prod as an operator fills it in: the committed table with no placeholder left. */
export const filledIn: Readonly<Record<StageName, StageSettings>> = {
  ...stages,
  prod: {
    ...stages.prod,
    account: "210987654321",
    domain: {
      name: "petitions.service.gov.uk",
      certificateArn: "arn:aws:acm:us-east-1:210987654321:certificate/1b2c3d4e-0000-4000-8000-123456789abc",
    },
    senderEmail: "no-reply@petitions.service.gov.uk",
    reportEmail: "committee@parliament.uk",
    alarmEmails: ["on-call@petitions.service.gov.uk"],
    pipeline: {
      connectionArn:
        "arn:aws:codeconnections:eu-west-2:210987654321:connection/5e6f7a8b-0000-4000-8000-123456789abc",
      repository: "parliament/petitions",
      branch: "main",
    },
    settings: {
      CONTACT_EMAIL: "petitions@parliament.uk",
      FEEDBACK_EMAIL: "petitionscommittee@parliament.uk",
    },
  },
};
