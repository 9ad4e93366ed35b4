import type { AskMessages } from './en.ts';

/** Deutsche Texte für Fragen (Schalter `Fragen` in der Suche) und Einstellungen › Fragen. */
export const askMessages: AskMessages = {
  ask: {
    toggle: 'Fragen',
    lede: 'Stell eine Frage: Kiana antwortet aus deinen Erinnerungen und nennt die verwendeten.',
    question: 'Frage',
    followUp: 'Nachfrage',
    submit: 'Kiana fragen',
    newConversation: 'Neues Gespräch',
    answer: 'Antwort',
    sources: 'Quellen',
    stop: 'Antwort stoppen',
    retrieving: 'Durchsuche deine Erinnerungen …',
    answering: 'Antwortet …',
    stopped: 'Gestoppt.',
    noSources: 'Keine Erinnerung passt zur Frage.',
    passagesIntro: 'Die besten Stellen aus deinen Erinnerungen:',
    citation: 'Erinnerung {n}',
    byBrowser: 'Beantwortet in diesem Browser von {model}',
    byOllama: 'Beantwortet von Ollama ({model}) in deinem Netzwerk',
    byExtractive: 'Beste Stellen, ohne Sprachmodell',
    ollamaNote:
      'Mit Ollama gehen die Frage und die gefundenen Erinnerungen an den Rechner, auf dem Ollama läuft (OLLAMA_HOST des Begleitdienstes). Sonst verlässt nichts dieses Gerät.',
    settingsTitle: 'Fragen',
    settingsHint:
      'Welche Quelle Antworten schreibt. Im Browser läuft ein kleines Sprachmodell auf diesem Gerät (unter Modelle herunterladen). Ohne Modell zeigt Fragen die besten Stellen.',
    engine: 'Antwortquelle',
    engines: {
      auto: 'Automatisch: im Browser, wenn ein Modell geladen ist',
      browser: 'Im Browser',
      ollama: 'Ollama in deinem Netzwerk',
      extractive: 'Nur beste Stellen (ohne Modell)',
    },
    ollamaModel: 'Ollama-Modell',
    findModels: 'Ollama-Modelle suchen',
    noModels: 'Noch kein Ollama-Modell gefunden.',
  },
};
