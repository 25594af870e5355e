//! Month names of the other languages the corpora hold: French, German, Spanish,
//! Portuguese, Italian and Russian (nominative, genitive and prepositional), for the
//! grammar's absolute dates (`5 septembre 2016`, `5. September 2016`, `5 de setembro de
//! 2016`, `5 сентября 2016 г.`, `settembre 2016`, `в сентябре 2016 года`).
//!
//! A name is only ever read next to a day or a year (the grammar asks for one), so the
//! short or ambiguous ones (`mai`, `mars`, `agosto`) are safe here. Pure data.

/// The names of each month, January first, in lower case. English names are the grammar's
/// own; the German ones that are spelled as in English (`April`, `August`, `September`,
/// `November`) are listed too, for the German `5. September 2016`.
pub const MONTHS: [&[&str]; 12] = [
    &["janvier", "januar", "jänner", "enero", "janeiro", "gennaio", "января", "январь", "январе"],
    &["février", "fevrier", "februar", "febrero", "fevereiro", "febbraio", "февраля", "февраль", "феврале"],
    &["mars", "märz", "maerz", "marzo", "março", "marco", "марта", "март", "марте"],
    &["avril", "april", "abril", "aprile", "апреля", "апрель", "апреле"],
    &["mai", "mayo", "maio", "maggio", "мая", "май", "мае"],
    &["juin", "juni", "junio", "junho", "giugno", "июня", "июнь", "июне"],
    &["juillet", "juli", "julio", "julho", "luglio", "июля", "июль", "июле"],
    &["août", "aout", "august", "agosto", "августа", "август", "августе"],
    &["septembre", "september", "septiembre", "setiembre", "setembro", "settembre", "сентября", "сентябрь", "сентябре"],
    &["octobre", "oktober", "octubre", "outubro", "ottobre", "октября", "октябрь", "октябре"],
    &["novembre", "november", "noviembre", "novembro", "ноября", "ноябрь", "ноябре"],
    &["décembre", "decembre", "dezember", "diciembre", "dezembro", "dicembre", "декабря", "декабрь", "декабре"],
];

/// Every name of [`MONTHS`] as a case-insensitive regex alternation, longest first (so that
/// `марта` is tried before `март`).
pub fn month_pattern() -> String {
    let mut names: Vec<&str> = MONTHS.iter().flat_map(|m| m.iter().copied()).collect();
    names.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    names.dedup();
    format!("(?i:{})", names.join("|"))
}

/// The month (1-12) a name of [`MONTHS`] names, any case.
pub fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    let i = MONTHS.iter().position(|names| names.contains(&lower.as_str()))?;
    u32::try_from(i + 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_names_every_month() {
        assert_eq!(month_number("Septembre"), Some(9));
        assert_eq!(month_number("SETEMBRO"), Some(9));
        assert_eq!(month_number("März"), Some(3));
        assert_eq!(month_number("сентября"), Some(9));
        assert_eq!(month_number("мае"), Some(5));
        assert_eq!(month_number("dicembre"), Some(12));
        assert_eq!(month_number("mayors"), None);
        let pattern = month_pattern();
        assert!(pattern.find("марта") < pattern.find("март|"), "longer names first");
    }
}
