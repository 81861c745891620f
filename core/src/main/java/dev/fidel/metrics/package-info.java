/**
 * Character and word error rates by Levenshtein distance on normalized text, per sentence
 * ({@link dev.fidel.metrics.EditScore}) and overall (sum of edits over sum of reference lengths).
 */
package dev.fidel.metrics;
