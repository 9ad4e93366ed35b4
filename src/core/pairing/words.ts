/**
 * The 256 words of the short authentication string: common, concrete English nouns that are easy
 * to read out and compare. One list for every language, because the two screens being compared
 * may be set to different languages. Each word encodes one byte.
 */
export const SAS_WORDS: readonly string[] = [
  'acid', 'acorn', 'actor', 'adult', 'agent', 'alarm', 'album', 'alley', 'amber', 'anchor',
  'angel', 'ankle', 'apple', 'apron', 'arena', 'arrow', 'atlas', 'attic', 'autumn', 'award',
  'bacon', 'badge', 'bagel', 'baker', 'ball', 'bamboo', 'banana', 'band', 'barn', 'basil',
  'basket', 'beach', 'beard', 'beaver', 'bell', 'belt', 'bench', 'berry', 'bike', 'bird',
  'biscuit', 'blade', 'blanket', 'bloom', 'board', 'boat', 'bone', 'book', 'boot', 'bottle',
  'bowl', 'brain', 'bread', 'brick', 'bridge', 'brush', 'bubble', 'bucket', 'buffalo', 'button',
  'cabin', 'cable', 'cactus', 'cake', 'camel', 'camera', 'candle', 'canoe', 'canvas', 'carbon',
  'carpet', 'carrot', 'castle', 'cattle', 'cave', 'cedar', 'chair', 'chalk', 'cheese', 'cherry',
  'chess', 'chicken', 'cider', 'cinema', 'circle', 'clock', 'cloud', 'clover', 'coast', 'cobra',
  'cocoa', 'coffee', 'comet', 'copper', 'coral', 'cotton', 'cousin', 'crab', 'crane', 'crayon',
  'cream', 'cricket', 'crown', 'cube', 'cup', 'curtain', 'daisy', 'dancer', 'delta', 'desert',
  'diamond', 'dinner', 'dog', 'dolphin', 'donkey', 'door', 'dragon', 'drum', 'duck', 'eagle',
  'earth', 'echo', 'eel', 'egg', 'elbow', 'elephant', 'elk', 'ember', 'engine', 'falcon',
  'feather', 'fence', 'fern', 'ferry', 'fiddle', 'field', 'finch', 'fire', 'fish', 'flag',
  'flame', 'flute', 'fog', 'forest', 'fossil', 'fountain', 'fox', 'frog', 'garden', 'garlic',
  'gate', 'gem', 'ghost', 'giant', 'ginger', 'giraffe', 'glacier', 'glove', 'goat', 'gold',
  'goose', 'grape', 'gravel', 'guitar', 'hammer', 'harbor', 'harp', 'hat', 'hawk', 'hazel',
  'heart', 'hedge', 'helmet', 'hero', 'hill', 'honey', 'hook', 'horse', 'hotel', 'igloo',
  'island', 'ivory', 'jacket', 'jaguar', 'jam', 'jar', 'jelly', 'jewel', 'judge', 'juice',
  'kayak', 'kettle', 'key', 'kite', 'kitten', 'koala', 'ladder', 'lake', 'lamp', 'lemon',
  'leopard', 'letter', 'lily', 'lime', 'lion', 'lizard', 'lobster', 'lotus', 'magnet', 'mango',
  'maple', 'marble', 'market', 'meadow', 'melon', 'mirror', 'monkey', 'moon', 'moose', 'mosaic',
  'motor', 'mountain', 'mouse', 'muffin', 'mushroom', 'needle', 'nest', 'noodle', 'oak', 'ocean',
  'olive', 'onion', 'orange', 'orbit', 'otter', 'owl', 'oyster', 'paddle', 'palace', 'panda',
  'paper', 'parrot', 'peach', 'peanut', 'pearl', 'pebble', 'pelican', 'pencil', 'pepper', 'piano',
  'pigeon', 'pillow', 'pilot', 'pine', 'planet', 'plum',
];
