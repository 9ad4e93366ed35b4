/** Strings of Ask (the Search view's `Ask` toggle) and Settings › Ask. */
export const askMessages = {
  ask: {
    toggle: 'Ask',
    lede: 'Ask a question: Kiana answers from your memories and names the ones it used.',
    question: 'Question',
    followUp: 'Follow-up question',
    submit: 'Ask Kiana',
    newConversation: 'New conversation',
    answer: 'Answer',
    sources: 'Sources',
    stop: 'Stop answer',
    retrieving: 'Looking through your memories…',
    answering: 'Answering…',
    stopped: 'Stopped.',
    noSources: 'No memory matched the question.',
    passagesIntro: 'The best passages from your memories:',
    citation: 'Memory {n}',
    byBrowser: 'Answered in this browser by {model}',
    byOllama: 'Answered by Ollama ({model}) on your network',
    byExtractive: 'Best passages, no language model',
    ollamaNote:
      'With Ollama, the question and the memories it finds go to the machine that runs Ollama (the companion’s OLLAMA_HOST). Nothing else leaves this device.',
    settingsTitle: 'Ask',
    settingsHint:
      'Which engine writes answers. In the browser, a small language model runs on this device (download it under Models). Without one, Ask shows the best passages.',
    engine: 'Engine for answers',
    engines: {
      auto: 'Automatic: in the browser when a model is downloaded',
      browser: 'In the browser',
      ollama: 'Ollama on your network',
      extractive: 'Best passages only (no model)',
    },
    ollamaModel: 'Ollama model',
    findModels: 'Find Ollama models',
    noModels: 'No Ollama model found yet.',
  },
};

export type AskMessages = typeof askMessages;
