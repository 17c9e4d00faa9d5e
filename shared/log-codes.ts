/**
 * Every log code the functions write, named once. A log line's `code` is its stable name: search
 * the logs for it (Logs Insights `filter code = "..."`), and the runbooks in docs/runbooks cite
 * it. `test/unit/log-codes.test.ts` fails for a source that logs a code written out by hand and
 * for a runbook citing a code that is not here.
 *
 * Domain errors shown as pages log their own error code (shared/errors.ts), not one of these.
 */
export const LogCode = {
  // Requests
  /** A request failed with an error the service did not expect: answered 500. */
  internalError: "internal_error",
  /** The store or a service was briefly unable (throttled, timed out) after the SDK's retries: answered 503. */
  transientError: "transient_error",
  /** A request reached a function without the secret the edge adds: refused. */
  notFromEdge: "not_from_edge",
  /** Revoking a staff member's refresh token at sign-out failed (the session cookie is cleared anyway). */
  staffRevokeFailed: "staff.revoke_failed",
  /** A sysadmin changed the site settings (the fields are logged, the values are in the table's change entry). */
  siteSettingsChanged: "site.settings_changed",
  /** A sysadmin's "moderation is delayed" email was queued for the creators of overdue petitions (counts only). */
  moderationDelayMailed: "site.moderation_delay_mailed",
  /** A public page could not read the site settings: it answered without the banner. */
  siteSettingsUnread: "site.settings_unread",

  // Counting signatures
  /** The counter failed for one petition's records; the batch is retried. */
  countFailed: "count_failed",
  /** A counter batch failed after its retries; its records are read back and applied once. */
  counterBatchFailed: "counter_batch_failed",
  /** A failed counter batch's records have left the stream; every counting petition is recounted. */
  counterBatchUnreadable: "counter_batch_unreadable",
  /** A failed counter batch's records were applied (or had been, by an earlier delivery). */
  counterBatchRecounted: "counter_batch_recounted",
  /** Recounting after a failed counter batch failed; the message is retried. */
  counterBatchRecountFailed: "counter_batch_recount_failed",
  /** A mail batch failed after its retries; its unsent messages join the sweeper's queue. */
  mailBatchFailed: "mail_batch_failed",
  /** A failed mail batch's records have left the stream; the table is read for its messages. */
  mailBatchUnreadable: "mail_batch_unreadable",
  /** Queueing a failed mail batch's messages failed; the message is retried. */
  mailBatchRequeueFailed: "mail_batch_requeue_failed",
  /** A message on the mail failure queue is not a stream on-failure record: left for the dead letters. */
  mailFailureUnreadableMessage: "mail_failure_unreadable_message",
  /** A message on the counter's failure queue is not a stream on-failure record: left for the dead letters. */
  counterFailureUnreadableMessage: "counter_failure_unreadable_message",
  /** The reconciliation found a petition's count differing from its signatures, and corrected it. */
  countDriftCorrected: "count_drift_corrected",
  /** Updating the trending tallies failed (best effort: counts are unaffected). */
  trendingFailed: "trending_failed",
  /** One source (address, network) passed the trending threshold for a petition. */
  trendingSource: "trending_source",
  /** One source reached the notifying threshold for a petition: the operators are notified (once an hour). */
  trendingNotify: "trending_notify",

  // Feedback
  /** Feedback from an address over the feedback limit: answered as usual, not stored or sent. */
  feedbackLimited: "feedback_limited",
  /** A topic was deleted and taken off the petitions it was on. */
  topicDeleted: "topic_deleted",

  // Petitions
  /** Open petitions past their closing time were closed. */
  petitionsClosed: "petitions_closed",
  /** The dissolution ran: open petitions closed early, undecided ones stopped, the parliament dissolved. */
  parliamentDissolved: "parliament_dissolved",
  /** The dissolution announcement was gathered and written to the outbox, one email per person. */
  dissolutionAnnounced: "dissolution_announced",
  /** Scheduled debates whose date has passed were marked as held. */
  debatesMarked: "debates_marked",
  /** A petition reached the response or debate threshold. */
  thresholdReached: "threshold_reached",
  /** A petition's signatures were anonymised. */
  anonymised: "anonymised",
  /** Updating the search index failed for one petition's records; the batch is retried. */
  indexFailed: "index_failed",

  // Mail
  /** An email was handed to SES. */
  mailSent: "mail_sent",
  /** An email was not sent: the address is suppressed, blocked or over its cap. */
  mailWithheld: "mail_withheld",
  /** An email was left to the other sender that had claimed it. */
  mailClaimedElsewhere: "mail_claimed_elsewhere",
  /** SES feedback was counted (a delay, a rejection, a transient bounce); no address suppressed. */
  mailFeedbackCounted: "mail_feedback_counted",
  /** SES feedback (a hard bounce or a complaint, in `reason`) suppressed the address. */
  mailSuppressed: "mail_suppressed",
  /** An SES feedback event the service does not understand was dropped. */
  mailFeedbackUnreadable: "mail_feedback_unreadable",
  /** A page of a mass-mail job failed; the page is retried. */
  jobPageFailed: "job_page_failed",
  /** A mass-mail job sent its last page. */
  jobFinished: "job_finished",
  /** A page of a bulk invalidation failed; the page is retried (nothing it did is done twice). */
  invalidationPageFailed: "invalidation_page_failed",
  /** A bulk invalidation invalidated its last page. */
  invalidationCompleted: "invalidation_completed",
  /** A mass-mail job has sent nothing for the stall interval. */
  mailJobStalled: "mail_job_stalled",
  /** The outbox sweep found an unsent message it cannot read; it stays unsent. */
  outboxSweepUnreadable: "outbox_sweep_unreadable",
  /** The outbox sweep failed to send a message; the next run tries again. */
  outboxSweepFailed: "outbox_sweep_failed",
  /** The outbox sweep sent messages the stream consumer had not sent in time. */
  outboxSwept: "outbox_swept",

  // Observability
  /** Powertools Metrics warned (other than about an invocation with no metrics). */
  metricsWarning: "metrics_warning",
  /** Powertools Metrics failed. */
  metricsError: "metrics_error",
} as const;

export type LogCodeValue = (typeof LogCode)[keyof typeof LogCode];

/** Every registered code, for searching and for the tests. */
export const logCodes: readonly LogCodeValue[] = Object.values(LogCode);
