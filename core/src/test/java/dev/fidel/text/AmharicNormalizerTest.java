package dev.fidel.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fidel.text.NormalizerProfile.Flag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AmharicNormalizerTest {

    private final AmharicNormalizer normalizer = new AmharicNormalizer(NormalizerProfile.amharic());

    private void reads(String written, String spoken) {
        assertEquals(spoken, normalizer.normalize(written), () -> "reading of \"" + written + "\"");
    }

    @Test
    void realSentenceWithTitleYearAndCount() {
        reads("ዶ/ር አበበ በ2015 ዓ.ም 21 መጽሐፍት ጻፉ።",
                "ዶክተር አበበ በሁለት ሺህ አስራ አምስት ዓመተ ምሕረት ሃያ አንድ መጽሐፍት ጻፉ።");
    }

    @Test
    void realSentencesFromNewsStyle() {
        reads("ጠ/ሚ ዐቢይ አሕመድ ለም/ቤቱ ንግግር አደረጉ።", "ጠቅላይ ሚኒስትር ዐቢይ አሕመድ ለምክር ቤቱ ንግግር አደረጉ።");
        reads("ወ/ሮ አልማዝ እና ወ/ት ሰላም ከአ.አ ወደ ባሕር ዳር ተጓዙ።", "ወይዘሮ አልማዝ እና ወይዘሪት ሰላም ከአዲስ አበባ ወደ ባሕር ዳር ተጓዙ።");
        reads("ልጆቹ በት/ቤት 3ኛ ክፍል ይማራሉ።", "ልጆቹ በትምህርት ቤት ሶስተኛ ክፍል ይማራሉ።");
        reads("የቤቱ ዋጋ 1,500,000 ብር ነው።", "የቤቱ ዋጋ አንድ ሚሊዮን አምስት መቶ ሺህ ብር ነው።");
        reads("ከአዲስ አበባ እስከ አዳማ 99 ኪ.ሜ ነው።", "ከአዲስ አበባ እስከ አዳማ ዘጠና ዘጠኝ ኪሎ ሜትር ነው።");
        reads("የዋጋ ግሽበቱ 30.5% ደርሷል።", "የዋጋ ግሽበቱ ሰላሳ ነጥብ አምስት በመቶ ደርሷል።");
        reads("ለበለጠ መረጃ 0911-23-45-67 ይደውሉ።", "ለበለጠ መረጃ ዜሮ ዘጠኝ አንድ አንድ ሁለት ሶስት አራት አምስት ስድስት ሰባት ይደውሉ።");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|ዜሮ", "1|አንድ", "10|አስር", "11|አስራ አንድ", "19|አስራ ዘጠኝ", "20|ሃያ", "21|ሃያ አንድ", "35|ሰላሳ አምስት",
        "47|አርባ ሰባት", "58|ሃምሳ ስምንት", "60|ስልሳ", "76|ሰባ ስድስት", "88|ሰማንያ ስምንት", "99|ዘጠና ዘጠኝ",
        "100|መቶ", "101|መቶ አንድ", "110|መቶ አስር", "200|ሁለት መቶ", "999|ዘጠኝ መቶ ዘጠና ዘጠኝ",
        "1000|አንድ ሺህ", "1995|አንድ ሺህ ዘጠኝ መቶ ዘጠና አምስት", "2015|ሁለት ሺህ አስራ አምስት", "10000|አስር ሺህ",
        "100000|መቶ ሺህ", "1000000|አንድ ሚሊዮን", "2500000|ሁለት ሚሊዮን አምስት መቶ ሺህ",
        "1000000000|አንድ ቢሊዮን", "1000000000000|አንድ ትሪሊዮን",
        "999999999999999|ዘጠኝ መቶ ዘጠና ዘጠኝ ትሪሊዮን ዘጠኝ መቶ ዘጠና ዘጠኝ ቢሊዮን ዘጠኝ መቶ ዘጠና ዘጠኝ ሚሊዮን ዘጠኝ መቶ ዘጠና ዘጠኝ ሺህ ዘጠኝ መቶ ዘጠና ዘጠኝ",
        "1000000000000000|አንድ ዜሮ ዜሮ ዜሮ ዜሮ ዜሮ ዜሮ ዜሮ ዜሮ ዜሮ ዜሮ ዜሮ ዜሮ ዜሮ ዜሮ ዜሮ",
        "1,000,000|አንድ ሚሊዮን", "12,345|አስራ ሁለት ሺህ ሶስት መቶ አርባ አምስት",
        "3.14|ሶስት ነጥብ አንድ አራት", "0.5|ዜሮ ነጥብ አምስት", "1,250.75|አንድ ሺህ ሁለት መቶ ሃምሳ ነጥብ ሰባት አምስት",
        "-5|ሲቀነስ አምስት", "-12.5|ሲቀነስ አስራ ሁለት ነጥብ አምስት", "25%|ሃያ አምስት በመቶ", "25 %|ሃያ አምስት በመቶ",
        "5-10|አምስት እስከ አስር", "3:30|ሶስት ሰላሳ", "22/11/2015|ሃያ ሁለት አስራ አንድ ሁለት ሺህ አስራ አምስት",
        "0911234567|ዜሮ ዘጠኝ አንድ አንድ ሁለት ሶስት አራት አምስት ስድስት ሰባት",
        "+251911234567|ሁለት አምስት አንድ ዘጠኝ አንድ አንድ ሁለት ሶስት አራት አምስት ስድስት ሰባት",
        "007|ዜሮ ዜሮ ሰባት", "1/2|አንድ ሁለተኛ", "3/4|ሶስት አራተኛ", "2015/16|ሁለት ሺህ አስራ አምስት አስራ ስድስት",
        "COVID-19|COVID አስራ ዘጠኝ", "ከ5-10|ከአምስት እስከ አስር", "-3°C|ሲቀነስ ሶስት ዲግሪ ሴልሺየስ", "$1.50|አንድ ነጥብ አምስት ዜሮ ዶላር",
        "+251-911-234567|ሁለት አምስት አንድ ዘጠኝ አንድ አንድ ሁለት ሶስት አራት አምስት ስድስት ሰባት", "በ20ዎቹ|በሃያዎቹ",
    })
    void numbers(String written, String spoken) {
        reads(written, spoken);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1ኛ|አንደኛ", "2ኛ|ሁለተኛ", "3ኛው|ሶስተኛው", "4ኛዋ|አራተኛዋ", "9ኛ|ዘጠነኛ", "10ኛ|አስረኛ", "21ኛው|ሃያ አንደኛው",
        "100ኛ|መቶኛ", "1000ኛ|አንድ ሺኛ", "፫ኛ|ሶስተኛ",
    })
    void ordinals(String written, String spoken) {
        reads(written, spoken);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "፩|አንድ", "፲|አስር", "፲፱|አስራ ዘጠኝ", "፻|መቶ", "፪፻|ሁለት መቶ", "፲፱፻፺፭|አንድ ሺህ ዘጠኝ መቶ ዘጠና አምስት",
        "፳፻፲፭|ሁለት ሺህ አስራ አምስት", "፼|አስር ሺህ", "፻፼|አንድ ሚሊዮን", "በ፲፱፻፺፭ ዓ.ም|በአንድ ሺህ ዘጠኝ መቶ ዘጠና አምስት ዓመተ ምሕረት",
    })
    void ethiopicNumerals(String written, String spoken) {
        reads(written, spoken);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "$5|አምስት ዶላር", "$ 1,000|አንድ ሺህ ዶላር", "100 birr|መቶ ብር", "ብር 500|አምስት መቶ ብር", "50ብር|ሃምሳ ብር",
        "ETB 20|ሃያ ብር", "€3|ሶስት ዩሮ", "5 kg|አምስት ኪሎ ግራም", "5kg|አምስት ኪሎ ግራም", "10 km/h|አስር ኪሎ ሜትር በሰዓት",
        "25°C|ሃያ አምስት ዲግሪ ሴልሺየስ", "3 m|ሶስት ሜትር", "3 men|ሶስት men", "2 ኪ.ግ ስኳር|ሁለት ኪሎ ግራም ስኳር",
    })
    void currenciesAndUnits(String written, String spoken) {
        reads(written, spoken);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ሰላም፡እንዴት፡ነህ፡፡|ሰላም እንዴት ነህ።", "ሰላም:እንዴት ነህ::|ሰላም እንዴት ነህ።", "ሰላም ነው.|ሰላም ነው።",
        "አንድ, ሁለት; ሶስት|አንድ፣ ሁለት፤ ሶስት", "እንዴት ነህ?|እንዴት ነህ፧", "ድንቅ ነው!|ድንቅ ነው!", "ነው ።|ነው።",
        "ነው።።።|ነው።", "ነው።እሱ|ነው። እሱ", "«ሰላም» አለ|ሰላም አለ", "“ሰላም” አለ|ሰላም አለ", "(ማስታወሻ) ይኸው|ማስታወሻ ይኸው",
        "ቡና & ሻይ|ቡና እና ሻይ", "የ'ኔ ቤት|የእኔ ቤት", "የ’ሱ መጽሐፍ|የእሱ መጽሐፍ", "ሀ.ለ.ሐ|ሀ ለ ሐ",
        "'  ብዙ   ክፍት    ቦታ  '|ብዙ ክፍት ቦታ", "ፍቅር፦ ሰላም|ፍቅር፦ ሰላም",
    })
    void punctuationAndSpaces(String written, String spoken) {
        reads(written, spoken);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "በዶ/ር አበበ|በዶክተር አበበ", "የወ/ሮ ሙሉ|የወይዘሮ ሙሉ", "ፕ/ር መስፍን|ፕሮፌሰር መስፍን", "ገ/ማርያም|ገብረ ማርያም",
        "ወ/ማርያም|ወልደ ማርያም", "ኃ/ሥላሴ|ኃይለ ሥላሴ", "እ.ኤ.አ በ2023|እንደ ኤውሮፓውያን አቆጣጠር በሁለት ሺህ ሃያ ሶስት",
        "በ19ኛው ክ.ዘ|በአስራ ዘጠነኛው ክፍለ ዘመን", "ት/ቤቶች|ትምህርት ቤቶች", "2015ዓ.ም|ሁለት ሺህ አስራ አምስት ዓመተ ምሕረት",
        "ቁ. 5|ቁጥር አምስት", "በ2015 ዓ.ም. የተወለደ|በሁለት ሺህ አስራ አምስት ዓመተ ምሕረት የተወለደ",
    })
    void abbreviations(String written, String spoken) {
        reads(written, spoken);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Hello World|Hello World", "COVID19|COVID አስራ ዘጠኝ", "iPhone 15 ገዛሁ|iPhone አስራ አምስት ገዛሁ",
        "ሀ\u200Dለ|ሀለ", "\uFEFFሰላም|ሰላም", "ሰ\u00A0ላም|ሰ ላም", "٣ ቤቶች|ሶስት ቤቶች",
    })
    void latinWordsAndInvisibleCharacters(String written, String spoken) {
        reads(written, spoken);
    }

    @Test
    void lineBreaksAndTabsAreSpaces() {
        reads("መስመር\nአዲስ\tትር\r\n", "መስመር አዲስ ትር");
    }

    @Test
    void vowelChangedAbbreviationsKeepTheirSuffix() {
        reads("ም/ቤቱ ወሰነ", "ምክር ቤቱ ወሰነ");
        reads("ዶ/ሩ መጡ", "ዶክተሩ መጡ");
    }

    @Test
    void unpairedSurrogatesAndControlsAreDropped() {
        reads("ሰላም\uD800 ነው\u0000\u0007", "ሰላም ነው");
    }

    @Test
    void homophonesFoldOnlyWhenAsked() {
        String text = "ሐበሻ ኀይል ሠላም ዐይን ፀሐይ";
        reads(text, text);
        AmharicNormalizer folding = new AmharicNormalizer(NormalizerProfile.amharic().with(Flag.FOLD_HOMOPHONES, true));
        assertEquals("ሀበሻ ሀይል ሰላም አይን ጸሀይ", folding.normalize(text));
        assertEquals("ዶክተር", folding.normalize("ዶ/ር"));
    }

    @Test
    void abbreviationsStayWrittenWhenTheirFlagIsOff() {
        AmharicNormalizer literal = new AmharicNormalizer(NormalizerProfile.amharic().with(Flag.EXPAND_ABBREVIATIONS, false));
        assertEquals("ዶ ር አበበ", literal.normalize("ዶ/ር አበበ"));
    }

    @Test
    void hugeDigitRunsAreReadDigitByDigit() {
        String digits = "12".repeat(5000);
        String spoken = normalizer.normalize(digits);
        assertEquals(10_000, spoken.split(" ").length);
        assertEquals("አንድ ሁለት አንድ", spoken.substring(0, "አንድ ሁለት አንድ".length()));
    }
}
