//! Function words of the supported languages (and the CJK stand-in for them): prose is dense
//! in them, menus and headlines are not.

use std::sync::LazyLock;

use super::hash::{FnvSet, HashMap64, hash_str};
use super::{cjk_share, is_cjk, words};

/// Function words of English, Russian, Indonesian, French, German, Spanish, Portuguese and
/// Italian: prose is dense in them, menus and headlines are not.
static STOP_WORDS: LazyLock<FnvSet<&'static str>> = LazyLock::new(|| {
    const LISTS: [&str; 8] = [
        // English
        "a about above after again against all also am an and any are as at be because been before being \
         below between both but by can could did do does doing down during each few for from further had has \
         have having he her here hers herself him himself his how i if in into is it its itself just me more \
         most my myself no nor not now of off on once only or other our ours out over own same she should so \
         some such than that the their theirs them themselves then there these they this those through to too \
         under until up very was we were what when where which while who whom why will with would you your \
         yours said says there's it's he's she's they're we're don't can't won't isn't wasn't didn't",
        // Russian
        "и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было \
         вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас \
         нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем \
         была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем \
         ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец \
         два об другой хоть после над больше тот через эти нас про всего них какая много разве три эту моя \
         впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между \
         это также",
        // Indonesian
        "yang dan di ke dari ini itu dengan untuk pada adalah dalam tidak akan atau juga oleh sudah saya ada \
         mereka kami kita bisa karena tersebut dapat seperti telah bahwa lebih hanya jika kepada para namun \
         masih harus sebagai saat ia dia atas antara hal secara agar tak pun setelah bagi tentang sangat \
         sehingga maka lagi belum apa ketika sebuah orang",
        // French
        "le la les de des du un une et est en que qui dans pour pas sur au aux avec ce ces il elle ils elles \
         ne se sont par plus a été sa son ses leur leurs mais ou nous vous on",
        // German
        "der die das und ist in zu den von mit sich des auf für nicht ein eine als auch es an er hat aus bei \
         sie nach wird dem im um wie noch über einen so zum war haben nur oder aber vor zur bis mehr durch",
        // Spanish
        "el la los las de del y en que a un una es por con para no se su sus al lo como más pero fue ha son \
         este esta ya o muy sin sobre también me hasta hay donde quien desde todo nos durante",
        // Portuguese
        "o a os as de do da dos das e em que um uma é por com para não se seu sua ao pelo pela mais mas foi \
         ou ele ela eles está são",
        // Italian
        "il lo la i gli le di del della e è che un una per con non si da al alla sono come ma più anche nel \
         nella questo questa",
    ];
    LISTS.iter().flat_map(|l| l.split_whitespace()).collect()
});

/// The function words of every supported language, lower case.
pub fn stop_words() -> impl Iterator<Item = &'static str> {
    STOP_WORDS.iter().copied()
}

/// The function words by their [`hash_str`]: a word hashed once, in lower case, is looked up
/// without hashing it again.
static STOP_HASHES: LazyLock<HashMap64<&'static str>> =
    LazyLock::new(|| STOP_WORDS.iter().map(|w| (hash_str(w), *w)).collect());

/// True when `word` (any case) is a function word of one of the supported languages.
pub fn is_stop_word(word: &str) -> bool {
    if word.is_ascii() && !word.bytes().any(|b| b.is_ascii_uppercase()) {
        return is_lowercase_stop_word(word);
    }
    if word.len() > 24 {
        return false; // no function word is this long
    }
    if !word.chars().any(char::is_uppercase) {
        return STOP_WORDS.contains(word);
    }
    if word.is_ascii() {
        let mut buf = [0u8; 24];
        let bytes = &mut buf[..word.len()];
        bytes.copy_from_slice(word.as_bytes());
        bytes.make_ascii_lowercase();
        return std::str::from_utf8(bytes).is_ok_and(|w| STOP_WORDS.contains(w));
    }
    STOP_WORDS.contains(word.to_lowercase().as_str())
}

/// Japanese particles and Chinese function characters: the CJK stand-in for stop words.
pub(crate) fn is_cjk_function_char(c: char) -> bool {
    matches!(
        c,
        'の' | 'は'
            | 'が'
            | 'を'
            | 'に'
            | 'で'
            | 'と'
            | 'た'
            | 'て'
            | 'し'
            | 'も'
            | 'な'
            | 'か'
            | 'る'
            | 'す'
            | 'ま'
            | 'い'
            | 'れ'
            | 'ら'
            | 'だ'
            | 'こ'
            | 'そ'
            | '的'
            | '了'
            | '是'
            | '在'
            | '和'
            | '我'
            | '有'
            | '这'
            | '他'
            | '也'
            | '就'
            | '不'
            | '人'
            | '都'
            | '이'
            | '가'
            | '은'
            | '는'
            | '을'
            | '를'
            | '에'
            | '의'
            | '다'
            | '고'
    )
}

/// Share of a text's words that are function words; for CJK text, the share of its
/// characters that are particles or function characters (scaled to the same range).
pub fn stop_word_density(text: &str) -> f32 {
    if cjk_share(text) > 0.5 {
        let (mut func, mut all) = (0u32, 0u32);
        for c in text.chars().filter(|c| is_cjk(*c)) {
            all += 1;
            if is_cjk_function_char(c) {
                func += 1;
            }
        }
        // Japanese prose runs near 0.25-0.35 particles; scale to the alphabetic range.
        return if all == 0 { 0.0 } else { (func as f32 / all as f32) * 1.3 };
    }
    let (mut stop, mut all) = (0u32, 0u32);
    for w in words(text) {
        all += 1;
        if is_stop_word(w) {
            stop += 1;
        }
    }
    if all == 0 { 0.0 } else { stop as f32 / all as f32 }
}

/// [`is_stop_word`] for a word already in lower case (no case folding).
pub(crate) fn is_lowercase_stop_word(word: &str) -> bool {
    word.len() <= 24 && STOP_WORDS.contains(word)
}

/// The [`hash_str`] of a lower-case ASCII word, unless it is shorter than three letters or
/// a function word (the hash finds it among those, the word is compared on a hit).
pub(crate) fn ascii_content_hash(lower: &str) -> Option<u64> {
    if lower.len() < 3 {
        return None;
    }
    let hash = hash_str(lower);
    match STOP_HASHES.get(&hash) {
        Some(stop) if *stop == lower => None,
        _ => Some(hash),
    }
}
