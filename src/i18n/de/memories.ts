import type { MemoriesMessages } from '../en/memories.ts';

/** The Memories view and the memory dialogs (open, edit, delete). */
export const memoriesMessages: MemoriesMessages = {
  memories: {
    lede: 'Alles, was du festgehalten hast, die neuesten zuerst.',
    list: 'Erinnerungen',
    countOne: '1 Erinnerung',
    countOther: '{count} Erinnerungen',
    empty: 'Noch keine Erinnerungen. Was du unter Erfassen speicherst, erscheint hier.',
    loading: 'Lädt…',
    edit: 'Bearbeiten',
    delete: 'Löschen',
    editTitle: 'Erinnerung bearbeiten',
    text: 'Text',
    save: 'Speichern',
    cancel: 'Abbrechen',
    deleted: 'Erinnerung gelöscht.',
    undo: 'Rückgängig',
    tags: 'Schlagwörter',
    created: 'Gespeichert {time}',
    thisDevice: 'dieses Gerät',
    otherDevice: 'ein anderes Gerät',
    origin: 'Zuerst geschrieben auf',
    openTitle: 'Erinnerung',
    close: 'Schließen',
    createdAt: 'Gespeichert',
    editedAt: 'Zuletzt geändert',
    source: 'Wie',
    sources: {
      typed: 'Getippt',
      voice: 'Sprache',
      import: 'Importiert',
      message: 'Nachricht',
    },
  },
};
