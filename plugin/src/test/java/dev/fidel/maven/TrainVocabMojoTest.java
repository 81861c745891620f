package dev.fidel.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fidel.FidelException;
import dev.fidel.text.Ethiopic;
import dev.fidel.vocabulary.TrainerOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train-vocab's {@code <vocab>}, coverage and character settings as the core's options, and their errors. */
class TrainVocabMojoTest {

    @TempDir
    Path dir;

    private TrainVocabMojo mojo() {
        return MojoFixture.withDefaults(TrainVocabMojo.class, dir);
    }

    private static Vocab vocab(Integer size, Integer maxPieceLength) {
        Vocab v = new Vocab();
        v.setSize(size);
        v.setMaxPieceLength(maxPieceLength);
        return v;
    }

    @Test
    void theDefaultsAreTheCoresWithTheWholeEthiopicScriptRequired() throws FidelException {
        assertEquals(TrainerOptions.defaults(), mojo().options());
    }

    @Test
    void everySettingReachesTheOptions() throws FidelException {
        TrainVocabMojo mojo = mojo();
        MojoFixture.set(mojo, "vocab", vocab(300, 1));
        MojoFixture.set(mojo, "characterCoverage", 0.995);
        MojoFixture.set(mojo, "requireEthiopic", false);
        MojoFixture.set(mojo, "requiredCharacters", "€%");
        MojoFixture.set(mojo, "byteFallback", false);
        MojoFixture.set(mojo, "userDefinedSymbols", List.of("<laugh>"));
        assertEquals(new TrainerOptions(300, 0.995, "€%", false, List.of("<laugh>"), 1), mojo.options());
        MojoFixture.set(mojo, "requireEthiopic", true);
        assertEquals(Ethiopic.basicBlock() + "€%", mojo.options().requiredCharacters());
    }

    @Test
    void theSizePropertyCountsWhenTheElementIsUnsetAndTheElementWinsOverIt() throws FidelException {
        TrainVocabMojo mojo = mojo();
        mojo.project.getProperties().setProperty(FidelProperties.VOCAB_SIZE, " 512 ");
        assertEquals(512, mojo.options().vocabSize());
        MojoFixture.set(mojo, "vocab", vocab(null, 4));
        assertEquals(List.of(512, 4), List.of(mojo.options().vocabSize(), mojo.options().maxPieceLength()));
        MojoFixture.set(mojo, "vocab", vocab(640, null));
        assertEquals(List.of(640, 16), List.of(mojo.options().vocabSize(), mojo.options().maxPieceLength()));
    }

    @Test
    void aSizePropertyThatIsNoNumberNamesTheElementAndPropertyInsteadOfCrashing() {
        TrainVocabMojo mojo = mojo();
        mojo.project.getProperties().setProperty(FidelProperties.VOCAB_SIZE, "8k");
        FidelException e = assertThrows(FidelException.class, mojo::options);
        assertEquals("-Dfidel.vocab.size=8k is not a whole number of pieces (check <vocab><size>)", mojo.message(e));
    }

    @Test
    void eachOutOfRangeOptionNamesItsOwnElementAndProperty() {
        TrainVocabMojo mojo = mojo();
        MojoFixture.set(mojo, "characterCoverage", 1.5);
        assertEquals("character coverage must be in (0, 1], not 1.5 (check <characterCoverage>, -Dfidel.characterCoverage)",
                mojo.message(assertThrows(FidelException.class, mojo::options)));
        MojoFixture.set(mojo, "characterCoverage", 0.9999);
        MojoFixture.set(mojo, "vocab", vocab(0, null));
        assertEquals("vocabulary size must be positive, not 0 (check <vocab><size>, -Dfidel.vocab.size)",
                mojo.message(assertThrows(FidelException.class, mojo::options)));
        MojoFixture.set(mojo, "vocab", vocab(100, 0));
        assertEquals("max piece length must be positive, not 0 (check <vocab><maxPieceLength>)",
                mojo.message(assertThrows(FidelException.class, mojo::options)));
    }
}
