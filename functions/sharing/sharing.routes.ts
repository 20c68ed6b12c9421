/** What the contracts of every sharing sub-domain share: the tag that groups them in the API reference. */
export const tags = ['Sharing'];
