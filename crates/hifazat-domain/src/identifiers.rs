//! Phones, accounts and places as searchable identifiers (issue 13, item 3): the kinds, how
//! each is written in one canonical form so that the same number typed two ways is found as one,
//! and the checks of what an officer enters.
//!
//! * Phone numbers and mobile-wallet numbers (JazzCash, Easypaisa) become international
//!   (`+92…`) with [`normalize_phone`]: `0300-1234567` and `+92 300 1234567` are one number.
//! * Bank accounts are an IBAN (upper case, no spaces, its check digits verified) or a bank and
//!   an account number, written `BANK:NUMBER` (the bank upper case, the number's letters and
//!   digits only).
//! * Addresses are lower-cased with punctuation and extra spaces removed. An address matches
//!   another only when written the same way after that: "House 12, Street 4" finds
//!   "house 12 street 4" but not "H. No. 12, St. 4". They link records that copy one address;
//!   they do not recognise a place written differently.
//!
//! The store keeps only a keyed hash of the canonical form for look-ups and the value sealed.

use crate::code_list;
use crate::person::normalize_phone;
use crate::validation::{clean, FieldErrors};
use serde::Deserialize;

code_list! {
    /// What an identifier is.
    IdentifierKind {
        Phone = "phone": "Phone number",
        BankAccount = "bank_account": "Bank account",
        Wallet = "wallet": "Mobile wallet",
        Address = "address": "Address",
    }
}

code_list! {
    /// What an identifier is linked to.
    LinkedEntity {
        Person = "person": "Person in a case",
        Case = "case": "Case",
        IntakeItem = "intake_item": "Report or helpline record",
        Returnee = "returnee": "Returnee",
        Agent = "agent": "Recruitment agent",
    }
}

impl IdentifierKind {
    /// Kinds searched together: a mobile wallet's number is a phone number, so a search for
    /// either finds both.
    pub fn searched_with(self) -> &'static [IdentifierKind] {
        match self {
            IdentifierKind::Phone | IdentifierKind::Wallet => {
                &[IdentifierKind::Phone, IdentifierKind::Wallet]
            }
            IdentifierKind::BankAccount => &[IdentifierKind::BankAccount],
            IdentifierKind::Address => &[IdentifierKind::Address],
        }
    }
}

/// An identifier as entered: its kind, the value, and for a bank account that is not an IBAN
/// the bank.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct IdentifierInput {
    /// Phone, bank account, mobile wallet or address.
    pub kind: IdentifierKind,
    /// The number, IBAN, account number or address as written.
    pub value: String,
    /// The bank, for an account number that is not an IBAN (e.g. `HBL`).
    #[serde(default)]
    pub bank: Option<String>,
}

impl IdentifierInput {
    /// The canonical form of the value, or the messages to show beside the fields `value` and
    /// `bank`.
    pub fn normalise(&self) -> Result<String, FieldErrors> {
        let mut e = FieldErrors::new();
        let Some(value) = clean(Some(&self.value)) else {
            match self.kind {
                IdentifierKind::Phone => e.add("value", "Enter a phone number"),
                IdentifierKind::BankAccount => e.add("value", "Enter an IBAN or an account number"),
                IdentifierKind::Wallet => e.add("value", "Enter a mobile wallet number"),
                IdentifierKind::Address => e.add("value", "Enter an address"),
            }
            return Err(e);
        };
        let out = match self.kind {
            IdentifierKind::Phone | IdentifierKind::Wallet => {
                normalize_phone(&value).ok().or_else(|| {
                    e.add(
                        "value",
                        "Enter a phone or wallet number, like 0300 1234567 or +92 300 1234567",
                    );
                    None
                })
            }
            IdentifierKind::BankAccount => {
                normalise_account(&value, clean(self.bank.as_deref()).as_deref(), &mut e)
            }
            IdentifierKind::Address => {
                let a = normalise_address(&value);
                let n = a.chars().count();
                if n < 5 {
                    e.add(
                        "value",
                        "Enter the address in full (house, street, area, town)",
                    );
                } else if n > 300 {
                    e.add("value", "Enter an address of at most 300 characters");
                }
                Some(a)
            }
        };
        match out {
            Some(v) if e.is_empty() => Ok(v),
            _ => Err(e),
        }
    }
}

/// An IBAN (checked) or `BANK:NUMBER`; messages go to `value` and `bank`.
fn normalise_account(value: &str, bank: Option<&str>, e: &mut FieldErrors) -> Option<String> {
    let compact: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect();
    if !compact.chars().all(|c| c.is_ascii_alphanumeric()) {
        e.add(
            "value",
            "Enter an account number with letters and digits only",
        );
        return None;
    }
    let looks_like_iban = compact.len() >= 15
        && compact.chars().take(2).all(|c| c.is_ascii_alphabetic())
        && compact.chars().skip(2).take(2).all(|c| c.is_ascii_digit());
    if looks_like_iban {
        if compact.len() <= 34 && iban_checksum_ok(&compact) {
            return Some(compact);
        }
        e.add(
            "value",
            "Enter the IBAN exactly as written: its check digits do not match",
        );
        return None;
    }
    if compact.len() < 4 || compact.len() > 30 {
        e.add(
            "value",
            "Enter an account number of 4 to 30 letters and digits, or an IBAN",
        );
        return None;
    }
    let bank: String = bank
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect();
    if bank.is_empty() {
        e.add(
            "bank",
            "Enter the bank, for an account number that is not an IBAN",
        );
        return None;
    }
    if bank.chars().count() > 40 {
        e.add("bank", "Enter the bank's short name, like HBL or MEEZAN");
        return None;
    }
    Some(format!("{bank}:{compact}"))
}

/// True when an upper-case IBAN's check digits are right (ISO 13616: the first four
/// characters moved to the end, letters as 10–35, the number modulo 97 is 1).
pub fn iban_checksum_ok(iban: &str) -> bool {
    if iban.len() < 5 || !iban.chars().all(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    let (head, tail) = iban.split_at(4);
    let mut rem: u32 = 0;
    for c in tail.chars().chain(head.chars()) {
        let v = match c.to_digit(36) {
            Some(v) => v,
            None => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

/// An address in the form compared: lower case, every run of punctuation and spaces one
/// space, trimmed.
pub fn normalise_address(s: &str) -> String {
    let spaced: String = s
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How an identifier is shown: phones and IBANs as stored, `BANK:NUMBER` as "BANK NUMBER".
pub fn display(kind: IdentifierKind, canonical: &str) -> String {
    match kind {
        IdentifierKind::BankAccount => canonical.replacen(':', " ", 1),
        _ => canonical.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kind: IdentifierKind, value: &str) -> IdentifierInput {
        IdentifierInput {
            kind,
            value: value.into(),
            bank: None,
        }
    }

    #[test]
    fn phones_and_wallets_are_one_number_however_typed() {
        for v in ["0300-1234567", "+92 300 1234567", "0092 300 1234567"] {
            assert_eq!(
                input(IdentifierKind::Phone, v).normalise().unwrap(),
                "+923001234567"
            );
        }
        assert_eq!(
            input(IdentifierKind::Wallet, "0345 7654321")
                .normalise()
                .unwrap(),
            "+923457654321"
        );
        let e = input(IdentifierKind::Phone, "call me")
            .normalise()
            .unwrap_err();
        assert!(e
            .first("value")
            .unwrap()
            .starts_with("Enter a phone or wallet number"));
        let e = input(IdentifierKind::Phone, "  ").normalise().unwrap_err();
        assert_eq!(e.first("value"), Some("Enter a phone number"));
        assert_eq!(
            IdentifierKind::Wallet.searched_with(),
            IdentifierKind::Phone.searched_with()
        );
    }

    #[test]
    fn ibans_are_checked_and_other_accounts_need_a_bank() {
        // The standard example of a Pakistani IBAN.
        assert_eq!(
            input(IdentifierKind::BankAccount, "pk36 scbl 0000 0011 2345 6702")
                .normalise()
                .unwrap(),
            "PK36SCBL0000001123456702"
        );
        assert!(iban_checksum_ok("GB82WEST12345698765432"));
        let e = input(IdentifierKind::BankAccount, "PK37SCBL0000001123456702")
            .normalise()
            .unwrap_err();
        assert!(e.first("value").unwrap().contains("check digits"));
        let e = input(IdentifierKind::BankAccount, "0123-4567890")
            .normalise()
            .unwrap_err();
        assert!(e.first("bank").unwrap().starts_with("Enter the bank"));
        let mut i = input(IdentifierKind::BankAccount, "0123-4567890");
        i.bank = Some("H.B.L.".into());
        assert_eq!(i.normalise().unwrap(), "HBL:01234567890");
        assert_eq!(
            display(IdentifierKind::BankAccount, "HBL:01234567890"),
            "HBL 01234567890"
        );
    }

    #[test]
    fn addresses_match_only_when_written_the_same_way() {
        let a = input(
            IdentifierKind::Address,
            "House 12,  Street 4, Model Town; Lahore.",
        )
        .normalise()
        .unwrap();
        assert_eq!(a, "house 12 street 4 model town lahore");
        assert_eq!(
            normalise_address("HOUSE 12 - Street 4 Model Town (Lahore)"),
            a
        );
        assert_ne!(normalise_address("H. No. 12, St. 4, Model Town, Lahore"), a);
        // Urdu script keeps its letters; its comma and full stop are punctuation.
        assert_eq!(
            normalise_address("مکان ۱۲، گلی ۴۔ لاہور"),
            "مکان ۱۲ گلی ۴ لاہور"
        );
        assert!(input(IdentifierKind::Address, "x").normalise().is_err());
    }
}
