/**
 * Synthetic memories for the storage bench: short notes in English and German (umlauts and ß
 * included) whose word frequencies follow Zipf's law, so there are words in most memories, words in
 * about 1 % of them and words in a handful, as in real notes. The machine has no word list
 * (/usr/share/dict is absent), so the long tail is made of pronounceable generated words. Seeded:
 * every run stores the same text.
 */

/** mulberry32: small, fast, good enough for test data, and the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The head of each language, most frequent first: function words, then everyday note words.
const EN_HEAD = `the to and a of for in on at with is it my call buy remember about from this
  that tomorrow today meeting need ask check send email book pay get new next week idea
  appointment dentist doctor milk bread coffee tickets train friday monday birthday gift mother
  father kids school garden car insurance bank invoice password project report deadline team
  review notes recipe dinner lunch weekend trip hotel flight passport keys office phone number
  address apartment rent landlord plumber heating window repair bike tyres battery charger
  laptop backup photos album concert movie book library return package delivery pharmacy
  prescription vitamins gym running shoes jacket laundry groceries eggs cheese apples pasta
  tomatoes olive oil wine beer party invite guests cake candles flowers anniversary vacation
  beach mountains camping tent map route museum exhibition lecture course exam homework teacher
  parents evening neighbour dog cat vet food walk`.split(/\s+/);

const DE_HEAD = `der die und das nicht mit für auf ist im zu den von ein eine morgen heute
  anrufen kaufen termin arzt zahnarzt bäckerei brötchen käse milch gemüse obst frühstück
  mittagessen abendessen geburtstag geschenk mutter vater kinder schule straße müller schmidt
  schlüssel rechnung versicherung führerschein übung prüfung grün schön größe tür fenster
  heizung wäsche einkaufen wochenende urlaub reise bahnhof fahrkarte flughafen hotel
  krankenkasse überweisung steuererklärung finanzamt büro besprechung kollegen präsentation
  fahrrad reifen werkstatt garten blumen nachbarn hund katze tierarzt spaziergang
  kühlschrank spülmaschine möbel umzug wohnung miete vermieter handwerker`.split(/\s+/);

const ONSETS = ['b', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z'];
const ONSETS_RARE = ['br', 'st', 'sch', 'tr', 'pl', 'kl', 'gr', 'fr'];
const VOWELS = ['a', 'e', 'i', 'o', 'u'];
const VOWELS_RARE = ['ä', 'ö', 'ü', 'ei', 'au', 'ie'];
const CODAS = ['', '', '', 'n', 'r', 'l', 's', 'm', 't', 'ng', 'ß'];

const pick = <T>(items: readonly T[], random: () => number): T =>
  items[Math.floor(random() * items.length)] as T;

/** `count` distinct pronounceable words, some with umlauts or ß, none in the head lists. */
export function tailWords(count: number, random: () => number): string[] {
  const taken = new Set([...EN_HEAD, ...DE_HEAD]);
  const words: string[] = [];
  while (words.length < count) {
    let word = '';
    const syllables = 2 + Math.floor(random() * 3);
    for (let s = 0; s < syllables; s++) {
      word += random() < 0.15 ? pick(ONSETS_RARE, random) : pick(ONSETS, random);
      word += random() < 0.12 ? pick(VOWELS_RARE, random) : pick(VOWELS, random);
      if (s === syllables - 1) word += pick(CODAS, random);
    }
    if (!taken.has(word)) {
      taken.add(word);
      words.push(word);
    }
  }
  return words;
}

/** Samples ranks 0..n-1 with probability ∝ 1/(rank+1)^s (cumulative table, binary search). */
export class Zipf {
  private readonly cdf: Float64Array;

  constructor(n: number, s: number) {
    this.cdf = new Float64Array(n);
    let sum = 0;
    for (let r = 0; r < n; r++) this.cdf[r] = sum += 1 / (r + 1) ** s;
    for (let r = 0; r < n; r++) this.cdf[r] = (this.cdf[r] ?? 0) / sum;
  }

  sample(random: () => number): number {
    const u = random();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cdf[mid] ?? 1) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** One generated memory, shaped like `memories.put` arguments. */
export interface CorpusMemory {
  readonly id: string;
  readonly text: string;
  readonly tags: readonly string[];
}

const TAGS = ['home', 'work', 'family', 'health', 'money', 'travel', 'ideas', 'einkauf', 'büro'];
const TAIL_SIZE = 30_000;

/** Generates memories in order; the same seed yields the same memories. */
export class Corpus {
  private readonly random: () => number;
  private readonly tail: string[];
  private readonly headZipf = { en: new Zipf(EN_HEAD.length, 1), de: new Zipf(DE_HEAD.length, 1) };
  private readonly tailZipf = new Zipf(TAIL_SIZE, 1);
  private next = 0;

  constructor(private readonly seed: number) {
    this.random = seededRandom(seed);
    this.tail = tailWords(TAIL_SIZE, this.random);
  }

  private word(lang: 'en' | 'de'): string {
    // A quarter of the words are names, places and rarer terms from the shared long tail.
    if (this.random() < 0.25) return this.tail[this.tailZipf.sample(this.random)] ?? '';
    const head = lang === 'en' ? EN_HEAD : DE_HEAD;
    return head[this.headZipf[lang].sample(this.random)] ?? '';
  }

  private sentence(lang: 'en' | 'de'): string {
    // Mostly short notes, sometimes longer: 3..~30 words.
    const length = 3 + Math.floor(this.random() ** 2 * 28);
    const words = Array.from({ length }, () => this.word(lang));
    const first = words[0] ?? '';
    words[0] = first.charAt(0).toUpperCase() + first.slice(1);
    return `${words.join(' ')}.`;
  }

  /** The next `count` memories. */
  take(count: number): CorpusMemory[] {
    return Array.from({ length: count }, () => {
      const lang = this.random() < 0.3 ? 'de' : 'en';
      const sentences = 1 + Math.floor(this.random() ** 3 * 3);
      const text = Array.from({ length: sentences }, () => this.sentence(lang)).join(' ');
      const tags = this.random() < 0.3 ? [pick(TAGS, this.random)] : [];
      const id = `b${this.seed.toString(36)}-${(this.next++).toString(36).padStart(6, '0')}`;
      return { id, text, tags };
    });
  }
}

/**
 * Words as both sides index them: lower case, diacritics removed (as FTS5's `unicode61
 * remove_diacritics 2` does, so "Muller" finds "Müller"), split at anything but letters and digits.
 */
export function fold(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

export function words(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}
