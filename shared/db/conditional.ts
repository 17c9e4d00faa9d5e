/** Conditional writes whose failed condition is an answer, not an error. */

/** Is this DynamoDB's refusal of a write whose condition did not hold? */
export const isConditionFailed = (error: unknown): boolean =>
  error instanceof Error && error.name === "ConditionalCheckFailedException";

/**
 * Makes a conditional write: true when it was made, false when its condition did not hold.
 * Any other error is thrown.
 */
export async function writeIf(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}
