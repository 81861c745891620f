/**
 * The foundation every package may use: atomic writes and the ownership rule for output folders ({@link dev.fidel.util.OwnedFolder}), bounded file reading, fingerprints and settings fingerprints, JSON, engine threads.
 */
package dev.fidel.util;
