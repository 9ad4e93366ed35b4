/** The Search view. */
export const searchMessages = {
  search: {
    lede: 'Find memories by their words. Put a phrase in "quotes"; end a word with * to find words starting with it (mül*).',
    label: 'Search memories',
    results: 'Results',
    idle: 'Start typing to search. Umlauts and accents are optional: “muller” finds “Müller”.',
    searching: 'Searching…',
    none: 'No memories match “{query}”.',
    countOne: '1 memory found',
    countOther: '{count} memories found',
    shown: 'Showing {shown} of {total}',
    more: 'Show more',
    loadingMore: 'Loading more…',
    byMeaning: 'meaning',
    byWords: 'words',
    foundBy: 'Found by',
    needsModel:
      'Searching by meaning needs the model “{name}” ({size}). Keyword search works without it.',
    downloadModel: 'Download model',
    semanticPartial: 'Search by meaning covers {embedded} of {total} memories so far.',
  },
};

export type SearchMessages = typeof searchMessages;
