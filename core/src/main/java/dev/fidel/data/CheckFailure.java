package dev.fidel.data;

/** A check an utterance failed: the reason and the measured value against its limit, in words. */
public record CheckFailure(RejectReason reason, String detail) {
}
