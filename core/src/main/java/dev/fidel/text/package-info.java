/**
 * Amharic text normalization: written text to the words a speaker reads, by rules held as data.
 *
 * <p>{@link dev.fidel.text.NormalizerProfile} holds every rule (abbreviations, contractions,
 * currencies, units, punctuation, homophones, number words, flags); its SHA-256 is its identity and
 * {@link dev.fidel.text.NormalizerProfile#diff} says in words what changed between two. The
 * built-in profile is the resource {@code amharic-profile.json} next to these classes.
 * {@link dev.fidel.text.AmharicNormalizer} applies one profile: total, idempotent, NFC, no ASCII
 * digits in its output. Behind it each concern is a class of its own: {@code TextCleanup},
 * {@code Abbreviations}, {@code DigitReading}, {@code EthiopicNumeralReading}, {@code UnitsAndCurrencies},
 * {@code Punctuation}, put together by {@code Reading}. {@link dev.fidel.text.Ethiopic} is the one
 * definition of what counts as Ethiopic; {@link dev.fidel.text.SpokenText} carries a text with its
 * normalized form, so it is normalized once.
 *
 * <h2>Spelling of numbers in the built-in profile</h2>
 * One spelling each, the common modern (simplified) one, matching what the sample corpus speaks:
 * <ul>
 *   <li>0-9: ዜሮ አንድ ሁለት ሶስት አራት አምስት ስድስት ሰባት ስምንት ዘጠኝ (ሶስት, not ሦስት).</li>
 *   <li>10-90: አስር ሃያ ሰላሳ አርባ ሃምሳ ስልሳ ሰባ ሰማንያ ዘጠና (አስር not አሥር, ሃያ not ሀያ, ሰላሳ not ሠላሳ,
 *       ሃምሳ not ሀምሳ, ስልሳ not ስድሳ); 11-19 are አስራ + digit (11 = አስራ አንድ); 21 = ሃያ አንድ.</li>
 *   <li>100 = መቶ (no "one" before መቶ: 150 = መቶ ሃምሳ, 200 = ሁለት መቶ, 100000 = መቶ ሺህ).</li>
 *   <li>10^3 ሺህ, 10^6 ሚሊዮን, 10^9 ቢሊዮን, 10^12 ትሪሊዮን, always with their multiplier
 *       (1000 = አንድ ሺህ, 1995 = አንድ ሺህ ዘጠኝ መቶ ዘጠና አምስት). Integers of 10^15 and more are read
 *       digit by digit.</li>
 *   <li>Years are ordinary cardinals (2015 = ሁለት ሺህ አስራ አምስት).</li>
 *   <li>Decimal point ነጥብ, the digits after it one by one (3.14 = ሶስት ነጥብ አንድ አራት);
 *       percent በመቶ after the number; minus ሲቀነስ before it; a range A-B is A እስከ B.</li>
 *   <li>Ordinals (a number followed by ኛ) change the last word: አንደኛ ሁለተኛ ሶስተኛ አራተኛ አምስተኛ ስድስተኛ
 *       ሰባተኛ ስምንተኛ ዘጠነኛ አስረኛ ሃያኛ ... መቶኛ ሺኛ ሚሊዮነኛ; 21ኛው = ሃያ አንደኛው.</li>
 *   <li>Phone-like digit strings (leading 0 or +, or three or more hyphenated groups that are not a
 *       date) are read digit by digit with the words for 0-9.</li>
 * </ul>
 */
package dev.fidel.text;
