//! `open_enum!`: string enums that keep values they do not know.
//!
//! The Partner API adds enum values over time (`POOLMODULE` in v1.14, `CASCADE` in v1.34,
//! `IDLE` in v1.12, ...). An SDK that failed on a new value would break every deployed
//! integration, so each enum here has an `Unknown(String)` variant that keeps the text and
//! writes it back unchanged.

/// Declares an open string enum with `Unknown(String)`, serde, `Display`, `FromStr`.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the SDK does not know, kept as sent.
            Unknown(String),
        }

        impl $name {
            /// Every value this version of the SDK knows, in wire spelling.
            pub const KNOWN: &'static [&'static str] = &[$($text),+];

            /// The wire spelling of the value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $text, )+
                    Self::Unknown(text) => text.as_str(),
                }
            }

            /// Whether the value is one this version of the SDK knows.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }

            /// Maps wire text to a value; unknown text becomes `Unknown`.
            pub fn from_wire(text: &str) -> Self {
                match text {
                    $( $text => Self::$variant, )+
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Ok(Self::from_wire(text))
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self::from_wire(text)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visit;
                impl<'de> ::serde::de::Visitor<'de> for Visit {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " string"))
                    }
                    fn visit_str<E: ::serde::de::Error>(self, text: &str) -> Result<$name, E> {
                        Ok($name::from_wire(text))
                    }
                }
                deserializer.deserialize_str(Visit)
            }
        }
    };
}
