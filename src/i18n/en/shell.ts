/** The app shell: title, navigation, banners, update prompt, common words, language names. */
export const shellMessages = {
  app: {
    name: 'Kiana',
    tagline: 'Your private assistant',
    skipToContent: 'Skip to content',
    navLabel: 'Main',
    titleSuffix: 'Kiana',
  },
  nav: {
    capture: 'Capture',
    search: 'Search',
    memories: 'Memories',
    devices: 'Devices',
    messages: 'Messages',
    settings: 'Settings',
  },
  common: {
    yes: 'Yes',
    no: 'No',
    unknown: 'Unknown',
    unsupported: 'Not supported by this browser',
  },
  update: {
    available: 'Update available',
    hint: 'A new version of Kiana is ready.',
    action: 'Update',
    updating: 'Updating…',
  },
  languages: {
    en: 'English',
    de: 'Deutsch',
  },
  banner: {
    idbTitle: 'Slower storage in use.',
    failedTitle: 'Kiana cannot store memories right now.',
    idb: 'This browser cannot give Kiana its private file system (OPFS), so your data is stored in IndexedDB instead. Nothing is lost; it is only slower.',
  },
};

export type ShellMessages = typeof shellMessages;
