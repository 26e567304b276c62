/**
 * An input the law or the data model rejects. `field` names the offending argument; the
 * message is given in Chinese and English because officers read the first and integrators
 * the second. The GraphQL layer turns it into BAD_USER_INPUT.
 */
export class InvalidInput extends Error {
  constructor(
    readonly field: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${field}: ${zh} / ${en}`);
    this.name = 'InvalidInput';
  }
}

/** The actor's role or relation to the record does not allow the action. */
export class NotAllowed extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
    this.name = 'NotAllowed';
  }
}
