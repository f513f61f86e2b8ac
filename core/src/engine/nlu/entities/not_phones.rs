//! Long numbers that are not phones: identity and tax numbers ("DNI
//! 30123456", "cuit 20-30123456-9", "passport 123456789") and prices
//! ("$ 150.000.000", "2500000 pesos"). Hotels ask for the DNI, and a phone
//! read from it would be written to the booking.

use super::vocab::CURRENCIES;
use crate::engine::nlu::text::fold;

/// Words that name the number after them as something other than a phone.
const ID_WORDS: &[&str] = &[
    "dni",
    "cuit",
    "cuil",
    "cdi",
    "documento",
    "document",
    "doc",
    "pasaporte",
    "passport",
    "passaporte",
    "cpf",
    "cnpj",
    "rg",
    "rut",
    "nie",
    "nif",
    "cif",
    "cedula",
    "ci",
    "id",
    "identidad",
    "identity",
    "identidade",
    "cbu",
    "cvu",
    "cuenta",
    "account",
    "conta",
    "tarjeta",
    "card",
    "cartao",
    "factura",
    "invoice",
    "fatura",
    "vuelo",
    "flight",
    "voo",
    "ticket",
    "patente",
    "placa",
    "total",
    "precio",
    "price",
    "preco",
    "monto",
    "importe",
    "amount",
    "valor",
];
/// Words that name a phone: they end the look back ("dni y cel 11 …").
const PHONE_WORDS: &[&str] = &[
    "tel", "telefono", "phone", "cel", "celular", "cell", "mobile", "movil", "whatsapp", "wpp",
    "wsp", "wa", "contacto", "contact", "llamar", "llamame", "call", "ligar",
];
/// Words after an amount besides the currencies: "150 millones".
const LARGE_AMOUNTS: &[&str] = &["millones", "million", "millions", "milhoes"];

fn is_money_word(w: &str) -> bool {
    CURRENCIES.contains(&w) || LARGE_AMOUNTS.contains(&w)
}

/// Whether the number at `start..end` is named as an identity number or a
/// price by the words around it.
pub fn is_id_or_money(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', ':', '#', '.', '-', '°', 'º']);
    if before.ends_with(['$', '€', '£']) {
        return true;
    }
    let after = fold(text[end..].trim_start());
    let next: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
    if is_money_word(&next) {
        return true;
    }
    // The three words before, up to the previous number or a word that
    // names a phone.
    let words = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(3)
        .take_while(|w| !w.chars().any(|c| c.is_ascii_digit()));
    for w in words {
        let w = fold(w);
        if PHONE_WORDS.contains(&w.as_str()) {
            return false;
        }
        if ID_WORDS.contains(&w.as_str()) || is_money_word(&w) {
            return true;
        }
    }
    false
}
