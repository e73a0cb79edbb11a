// @ts-check
/**
 * Writing numbers for roll cards and refusals: names in title case, signed modifiers (with a
 * true minus sign), metres to one decimal, counted nouns.
 */

/**
 * The name with a capital first letter: `agility` → `Agility`.
 * @param {string} name
 */
function title(name) {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * A modifier with its sign, a true minus for negatives: `+2`, `−1`.
 * @param {number} value
 */
function signed(value) {
  return value < 0 ? `−${-value}` : `+${value}`;
}

/**
 * The value rounded to one decimal, as distances show in refusals.
 * @param {number} value
 */
function round1(value) {
  return Math.round(value * 10) / 10;
}

/**
 * `3 hits`, `1 hit`, `2 boxes`.
 * @param {number} count
 * @param {string} noun
 * @param {string} [many] the plural, when it is not the noun and an s
 */
function plural(count, noun, many = `${noun}s`) {
  return `${count} ${count === 1 ? noun : many}`;
}

module.exports = Object.freeze({
  title,
  signed,
  round1,
  plural,
});
