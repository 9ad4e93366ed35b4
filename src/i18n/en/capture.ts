/** The Capture view. */
export const captureMessages = {
  capture: {
    lede: 'Write down a thought, a note or anything worth keeping. It stays in this browser.',
    text: 'New memory',
    tags: 'Tags',
    tagsHint: 'Optional, separated by commas',
    save: 'Save',
    saving: 'Saving…',
    shortcut: 'or press {keys}',
    saved: 'Saved.',
    recent: 'Recently saved',
    recentEmpty: 'Nothing saved yet. What you save shows up here.',
    failed: 'Not saved — your text is still here.',
    refusedTitle: 'This browser does not let Kiana keep memories here.',
    refusedHelp:
      'It refuses Kiana its storage (IndexedDB), as private windows and some privacy settings do. Open Kiana in a normal window, or allow this site to store data in the browser’s settings, then reload. Nothing you type here can be saved until then.',
  },
};

export type CaptureMessages = typeof captureMessages;
