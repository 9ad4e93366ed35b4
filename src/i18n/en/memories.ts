/** The Memories view and the memory dialogs (open, edit, delete). */
export const memoriesMessages = {
  memories: {
    lede: 'Everything you have kept, newest first.',
    list: 'Memories',
    countOne: '1 memory',
    countOther: '{count} memories',
    empty: 'No memories yet. What you save in Capture shows up here.',
    loading: 'Loading…',
    edit: 'Edit',
    delete: 'Delete',
    editTitle: 'Edit memory',
    text: 'Text',
    save: 'Save',
    cancel: 'Cancel',
    deleted: 'Memory deleted.',
    undo: 'Undo',
    tags: 'Tags',
    created: 'Saved {time}',
    thisDevice: 'this device',
    otherDevice: 'another device',
    origin: 'Written first on',
    openTitle: 'Memory',
    close: 'Close',
    createdAt: 'Saved',
    editedAt: 'Last changed',
    source: 'How',
    sources: {
      typed: 'Typed',
      voice: 'Voice',
      import: 'Imported',
      message: 'Message',
    },
  },
};

export type MemoriesMessages = typeof memoriesMessages;
