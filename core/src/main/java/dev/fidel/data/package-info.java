/**
 * Corpora to prepared data: readers for each layout ({@link dev.fidel.data.CorpusReader}), the checks and their {@link dev.fidel.data.RejectReason}s, the {@code prepare-data} service ({@link dev.fidel.data.PrepareData}) with one sealed outcome per utterance, and the manifests later goals read ({@link dev.fidel.data.PreparedData}).
 */
package dev.fidel.data;
