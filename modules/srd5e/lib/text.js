// @ts-check
/**
 * How the rules write numbers and lists for people: bonuses ("+3", "−1"), bonuses appended to a
 * dice notation, spell levels ("3rd"), challenge ratings ("1/4") and lists ("a, b or c"). One
 * place, so that sheets, roll cards and refusals all read alike.
 */

/**
 * "+3", "−1", "+0": how sheets print bonuses.
 * @param {number} n
 */
function signed(n) {
  return n >= 0 ? `+${n}` : `−${-n}`;
}

/**
 * A bonus appended to a notation: "+3", "-1", or nothing for 0 (the dice language wants `-`).
 * @param {number} n
 */
function plus(n) {
  return n === 0 ? '' : n > 0 ? `+${n}` : `-${-n}`;
}

/**
 * "1st", "2nd", "3rd", "4th": spell levels as the SRD writes them.
 * @param {number} n
 */
function ordinal(n) {
  return `${n}${n === 1 ? 'st' : n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'}`;
}

/**
 * A challenge rating as printed: 0.125 → "1/8".
 * @param {number} cr
 */
function crText(cr) {
  return cr === 0.125 ? '1/8' : cr === 0.25 ? '1/4' : cr === 0.5 ? '1/2' : String(cr);
}

/**
 * "an Intelligence check", "a Dexterity check".
 * @param {string} text
 */
function withArticle(text) {
  return `${/^[aeiou]/i.test(text) ? 'an' : 'a'} ${text}`;
}

/**
 * A list written out for a message: "a, b or c".
 * @param {readonly string[]} items
 * @param {string} [last]
 */
function listText(items, last = 'or') {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}

module.exports = Object.freeze({
  signed,
  plus,
  ordinal,
  crText,
  withArticle,
  listText,
});
