package dev.fidel;

/**
 * The build ran and its verdict on the user's data or model is negative: too many rejected files,
 * coverage too low, a model that did not learn, a round trip above its maximum error.
 */
public class VerdictException extends FidelException {

    public VerdictException(String message) {
        super(message);
    }

    public VerdictException(String message, String setting) {
        super(message, setting, null);
    }
}
