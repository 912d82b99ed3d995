"""Language detection (``cleaner/lang.py``): a document's language from its script and the
function words it uses. Each sample is a sentence of news prose written here."""

from __future__ import annotations

import pytest

from cleaner import lang
from cleaner.config import Config

SAMPLES = {
    "en": "The council said that the new bridge would be open to walkers and cyclists by the end of the year.",
    "de": "Der Stadtrat hat am Montag beschlossen, dass die neue Brücke bis zum Ende des Jahres für Fußgänger geöffnet wird.",
    "fr": "Le conseil municipal a décidé lundi que le nouveau pont sera ouvert aux piétons et aux cyclistes avant la fin de l'année.",
    "es": "El ayuntamiento decidió el lunes que el nuevo puente estará abierto a peatones y ciclistas antes de que termine el año.",
    "it": "Il consiglio comunale ha deciso lunedì che il nuovo ponte sarà aperto ai pedoni e ai ciclisti entro la fine dell'anno.",
    "pt": "A câmara municipal decidiu na segunda-feira que a nova ponte estará aberta para pedestres e ciclistas até o fim do ano.",
    "nl": "De gemeenteraad heeft maandag besloten dat de nieuwe brug voor het einde van het jaar open gaat voor fietsers en voetgangers.",
    "pl": "Rada miasta zdecydowała w poniedziałek, że nowy most zostanie otwarty dla pieszych i rowerzystów jeszcze przed końcem roku.",
    "ru": "Городской совет решил в понедельник, что новый мост будет открыт для пешеходов и велосипедистов до конца этого года.",
    "uk": "Міська рада вирішила в понеділок, що новий міст буде відкрито для пішоходів і велосипедистів ще до кінця цього року.",
    "tr": "Belediye meclisi pazartesi günü yeni köprünün yıl sonundan önce yayalara ve bisikletlilere açılacağına karar verdi ve bu karar için çok tartıştı.",
    "id": "Dewan kota memutuskan pada hari Senin bahwa jembatan baru itu akan dibuka untuk pejalan kaki dan pesepeda sebelum akhir tahun.",
    "ar": "قرر مجلس المدينة يوم الاثنين أن الجسر الجديد سيفتح أمام المشاة وراكبي الدراجات قبل نهاية العام.",
    "sv": "Kommunfullmäktige beslutade på måndagen att den nya bron ska öppnas för gående och cyklister innan året är slut.",
    "da": "Byrådet besluttede mandag, at den nye bro skal åbne for gående og cyklister, inden året er omme.",
    "nb": "Bystyret vedtok mandag at den nye brua skal åpne for gående og syklister før året er omme, og at det ikke blir bompenger.",
    "fi": "Kaupunginvaltuusto päätti maanantaina, että uusi silta avataan jalankulkijoille ja pyöräilijöille jo ennen kuin vuosi on lopussa.",
    "cs": "Zastupitelstvo v pondělí rozhodlo, že nový most bude pro chodce a cyklisty otevřen ještě před koncem roku, jak slíbil starosta.",
    "sk": "Mestské zastupiteľstvo v pondelok rozhodlo, že nový most bude pre chodcov a cyklistov otvorený ešte pred koncom roka.",
    "hu": "A városi közgyűlés hétfőn úgy döntött, hogy az új híd még az év vége előtt megnyílik a gyalogosok és a kerékpárosok előtt.",
    "ro": "Consiliul local a decis luni că noul pod va fi deschis pentru pietoni și bicicliști înainte de sfârșitul anului, după cum s-a promis.",
    "hr": "Gradsko vijeće odlučilo je u ponedjeljak da će novi most biti otvoren za pješake i bicikliste još prije kraja godine.",
    "ca": "El consell municipal va decidir dilluns que el nou pont s'obrirà als vianants i als ciclistes abans que acabi l'any.",
    "vi": "Hội đồng thành phố đã quyết định vào thứ Hai rằng cây cầu mới sẽ được mở cho người đi bộ và xe đạp trước cuối năm.",
    "el": "Το δημοτικό συμβούλιο αποφάσισε τη Δευτέρα ότι η νέα γέφυρα θα ανοίξει για πεζούς και ποδηλάτες πριν από το τέλος του έτους.",
    "bg": "Общинският съвет реши в понеделник, че новият мост ще бъде открит за пешеходци и велосипедисти преди края на годината.",
    "he": "מועצת העיר החליטה ביום שני כי הגשר החדש ייפתח להולכי רגל ולרוכבי אופניים עוד לפני סוף השנה, כפי שהובטח.",
    "fa": "شورای شهر روز دوشنبه تصمیم گرفت که پل جدید پیش از پایان سال به روی عابران پیاده و دوچرخه‌سواران باز شود.",
    "hi": "नगर परिषद ने सोमवार को फैसला किया कि नया पुल साल के अंत से पहले पैदल चलने वालों और साइकिल चालकों के लिए खुल जाएगा।",
    "ja": "市議会は月曜日、新しい橋を年末までに歩行者と自転車のために開通させることを決めました。",
    "zh": "市议会周一决定，新桥将在年底之前向行人和骑自行车的人开放。",
    "ko": "시의회는 월요일 새 다리를 연말 전에 보행자와 자전거 이용자에게 개방하기로 결정했다.",
}


def test_every_language_with_a_list_has_a_sample() -> None:
    assert set(lang.languages()) == set(SAMPLES)


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_a_sentence_is_read_as_its_language(code: str) -> None:
    assert lang.detect(SAMPLES[code]) == code


def test_a_swedish_page_is_not_read_as_dutch() -> None:
    # A few short words are shared ("en", "de"); read with the Dutch list, most Swedish
    # sentences hold no function word and stop reading as prose.
    text = "\n".join(["Nyheter", "Sport", "Logga in", SAMPLES["sv"], "Dela artikeln", "Läs också"])
    assert lang.detect(text) == "sv"


@pytest.mark.parametrize(
    ("code", "text"),
    [("hu", "A polgármester szerint a híd a tavasz végén nyílik meg, a munkák a tervek szerint haladnak."),
     ("ro", "Primarul a spus că podul va fi gata la primăvară, iar lucrările merg conform planului stabilit."),
     ("cs", "Starosta a radní se shodli, že most bude hotový na jaře a práce jdou podle plánu."),
     ("ca", "L'alcalde va dir a la premsa que el pont estarà llest a la primavera i que les obres van bé.")],
)
def test_a_language_whose_commonest_word_is_a_is_not_read_as_english(code: str, text: str) -> None:
    # "a" (the Hungarian article, "and" in Czech and Slovak, a Romanian and Catalan
    # particle) counted only for the languages that listed it: a Hungarian page full of
    # it was read as English.
    assert lang.detect(text) == code


def test_a_greek_page_is_not_read_as_english_for_its_menu() -> None:
    text = "\n".join(["Home", "News", "Sign in to your account", "About us and the team", SAMPLES["el"]])
    assert lang.detect(text) == "el"


def test_a_russian_page_is_russian_though_its_addresses_are_latin() -> None:
    # html2text prints every link's address: more Latin letters than Cyrillic ones.
    links = " ".join(f"[Раздел](https://www.example-news-site.com/category/section-number-{n}/index.html)" for n in range(12))
    text = links + "\n" + SAMPLES["ru"] + " " + SAMPLES["ru"]
    assert lang.detect(text) == "ru"


def test_arabic_letters_are_arabic_unless_the_words_say_persian() -> None:
    assert lang.detect("مرحبا بكم") == "ar"  # too few function words: Arabic by its letters
    assert lang.detect(SAMPLES["fa"] + " " + SAMPLES["fa"]) == "fa"


def test_a_language_with_a_list_can_be_given() -> None:
    assert Config(lang="sv").lang == "sv"


def test_a_text_in_a_script_with_no_list_is_no_language() -> None:
    assert lang.detect("เมื่อวันจันทร์ สภาเมืองตัดสินใจเปิดสะพานใหม่ก่อนสิ้นปี") is None

