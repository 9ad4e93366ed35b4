import type { SearchMessages } from '../en/search.ts';

/** The Search view. */
export const searchMessages: SearchMessages = {
  search: {
    lede: 'Finde Erinnerungen über ihre Wörter. Setze eine Wortgruppe in "Anführungszeichen"; ein * am Wortende findet alle Wörter, die so beginnen (mül*).',
    label: 'Erinnerungen durchsuchen',
    results: 'Ergebnisse',
    idle: 'Tippe, um zu suchen. Umlaute und Akzente sind optional: „muller“ findet „Müller“.',
    searching: 'Sucht…',
    none: 'Keine Erinnerung passt zu „{query}“.',
    countOne: '1 Erinnerung gefunden',
    countOther: '{count} Erinnerungen gefunden',
    shown: '{shown} von {total} angezeigt',
    more: 'Mehr anzeigen',
    loadingMore: 'Lädt weitere…',
    byMeaning: 'Bedeutung',
    byWords: 'Wörter',
    foundBy: 'Gefunden über',
    needsModel:
      'Die Suche nach Bedeutung braucht das Modell „{name}“ ({size}). Die Stichwortsuche funktioniert auch ohne.',
    downloadModel: 'Modell herunterladen',
    semanticPartial: 'Die Suche nach Bedeutung umfasst bisher {embedded} von {total} Erinnerungen.',
  },
};
