/**
 * The prompt of Ask: a system message that keeps the model to the numbered memories, asks it to
 * cite them as [n] and to say so when they do not hold the answer, in the question's language;
 * the earlier turns of the conversation (so a follow-up question has its context); then the
 * memories and the question as the last user message.
 */
import type { AskLang, AskSource, AskTurn, ChatMessage } from './types.ts';

const SYSTEM: Record<AskLang, string> = {
  en: 'You answer questions using only the numbered notes the user gives you. Cite the notes you use as [1], [2]. If the notes do not contain the answer, say: "My notes do not say." Do not use any other knowledge. Answer in English, briefly.',
  de: 'Du beantwortest Fragen nur mit den nummerierten Notizen, die du bekommst. Nenne die verwendeten Notizen als [1], [2]. Wenn die Notizen die Antwort nicht enthalten, sag: „Meine Notizen sagen dazu nichts.“ Nutze kein anderes Wissen. Antworte kurz auf Deutsch.',
};

const NOTES: Record<AskLang, string> = { en: 'Notes:', de: 'Notizen:' };
const QUESTION: Record<AskLang, string> = { en: 'Question:', de: 'Frage:' };
const NONE: Record<AskLang, string> = { en: '(no notes found)', de: '(keine Notizen gefunden)' };

/** What the model is told when the notes do not hold the answer (also the extractive fallback's). */
export const NOT_IN_NOTES: Record<AskLang, string> = {
  en: 'My notes do not say.',
  de: 'Meine Notizen sagen dazu nichts.',
};

/** The numbered notes block of the last user message. */
export function notesBlock(sources: readonly AskSource[], lang: AskLang): string {
  if (sources.length === 0) return `${NOTES[lang]}\n${NONE[lang]}`;
  const lines = sources.map((s, i) => `[${i + 1}] ${s.text.replace(/\s+/g, ' ').trim()}`);
  return `${NOTES[lang]}\n${lines.join('\n')}`;
}

/** The chat for one question: system, earlier turns, then notes + question. */
export function buildMessages(
  question: string,
  sources: readonly AskSource[],
  history: readonly AskTurn[],
  lang: AskLang,
): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'system', content: SYSTEM[lang] }];
  for (const turn of history) {
    messages.push({ role: 'user', content: turn.question });
    messages.push({ role: 'assistant', content: turn.answer });
  }
  messages.push({
    role: 'user',
    content: `${notesBlock(sources, lang)}\n\n${QUESTION[lang]} ${question.trim()}`,
  });
  return messages;
}
