package dev.fidel.peer;

import dev.fidel.FidelException;
import dev.fidel.event.EventSink;
import dev.fidel.util.Json;
import dev.fidel.util.Sha256;
import dev.fidel.vocabulary.CoverageCheck;
import dev.fidel.vocabulary.CoverageReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code check-coverage} entry point: a folder that {@code train-vocab} filled with a peer's extended
 * tokenizer (it holds {@link TokenizerExtensionInfo#FILE_NAME}) is checked with that tokenizer, as the peer
 * encodes (XTTS: {@code [UNK]} is unknown; SentencePiece: {@code <unk>} and byte pieces); any other folder
 * with Fidel's own vocabulary. A tokenizer replaced after train-vocab wrote it, or made under another
 * normalizer profile, is refused.
 */
public final class TokenizerCoverage {

    private final EventSink events;

    public TokenizerCoverage(EventSink events) {
        this.events = events;
    }

    /** Whether this folder holds a peer's tokenizer that train-vocab extended. */
    public static boolean isExtendedTokenizer(Path vocabulary) {
        return Files.isRegularFile(vocabulary.resolve(TokenizerExtensionInfo.FILE_NAME));
    }

    public CoverageReport run(CoverageCheck.Request request) throws FidelException {
        CoverageCheck check = new CoverageCheck(events);
        Path folder = request.vocabulary();
        if (!isExtendedTokenizer(folder)) {
            return check.run(request);
        }
        Path infoFile = folder.resolve(TokenizerExtensionInfo.FILE_NAME);
        TokenizerExtensionInfo info;
        try {
            info = Json.read(infoFile, TokenizerExtensionInfo.class);
        } catch (IOException e) {
            throw new FidelException(e.getMessage(), "vocabulary", e);
        }
        Path file = folder.resolve(info.file());
        return check.run(request, file, () -> open(file, info, infoFile, request));
    }

    private static CoverageCheck.Tokens open(Path file, TokenizerExtensionInfo info, Path infoFile,
            CoverageCheck.Request request) throws FidelException {
        try {
            if (!Files.isRegularFile(file) || !Sha256.of(file).equals(info.sha256())) {
                throw new FidelException(file + " is not the tokenizer " + infoFile + " describes (SHA-256 "
                        + info.sha256() + "): it was replaced or removed; run train-vocab again (-Dfidel.force)",
                        "vocabulary", null);
            }
        } catch (IOException e) {
            throw new FidelException("cannot read " + file + ": " + e.getMessage(), "vocabulary", e);
        }
        if (!info.normalizerProfileSha256().equals(request.profile().sha256())) {
            throw new FidelException(file + " was extended on text normalized under profile " + info.normalizerProfileSha256()
                    + ", not under the profile in use (" + request.profile().sha256() + "): run train-vocab again with this "
                    + "profile", "vocabulary", null);
        }
        PeerTokenizer peer;
        try {
            peer = PeerTokenizers.read(file);
        } catch (IOException e) {
            throw new FidelException(e.getMessage(), "vocabulary", e);
        }
        return new CoverageCheck.Tokens() {
            @Override
            public String identity() {
                return info.sha256();
            }

            @Override
            public int[] encode(String normalizedText) {
                return peer.encode(normalizedText);
            }

            @Override
            public boolean hasOwnPiece(int c) {
                return peer.id(Character.toString(c)).stream().anyMatch(id -> !peer.isSpecial(id));
            }

            @Override
            public boolean isUnknown(int id) {
                return peer instanceof XttsVocabulary x ? x.isUnknown(id) : ((SentencePiecePeer) peer).isUnknown(id);
            }

            @Override
            public boolean isByte(int id) {
                return peer instanceof XttsVocabulary x ? x.isByte(id) : ((SentencePiecePeer) peer).isByte(id);
            }

            @Override
            public void close() {
                // the SentencePiece processor is freed with the peer tokenizer
            }
        };
    }
}
