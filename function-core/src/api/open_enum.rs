//! Closed sets of the API that read tomorrow's values: [`open_enum!`] declares an enum of the
//! values this version knows plus `Other(String)`, which keeps any other value as written.
//!
//! Upstream adds values to these sets (kubestash/apimachinery has a branch adding the drivers
//! `Weaviate` and `Milvus`); a catalog published for a later operator must still read, print
//! back byte for byte, chart, resolve and import here. So a value this version does not know is
//! kept (`Driver::Other("Milvus")`), written back unchanged, and reported by the lint
//! (`KSF0108 unknown-value`), since an API server whose CRD does not list it refuses the object.
//!
//! One exception keeps typos from passing as tomorrow's values: a value that is a near miss of
//! a known one (`Restik`, `restic`: the same rule as the reader's "did you mean" for fields) is
//! refused when read, with the known values listed.
//!
//! The JSON schema is the closed set (`type: string` + `enum`), as upstream's CRD has it: the
//! CRD this version prints stays equal to upstream's at the reference commit.

/// Declares an open enum: `Other(String)` for the values this version does not know, written
/// first (it is declared last), then the known unit variants in the order of upstream's Go
/// constants.
///
/// Generates `ALL` and `NAMES` (the known values), `as_str`, `is_known`, `From<&str>` and
/// `From<String>` (a known name gives its variant), equality and hashing by name, `Display`,
/// serde (a string; a near miss of a known value is an error) and a JSON schema of the known
/// values.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(#[$ometa:meta])*
            Other(String),
            $($(#[$vmeta:meta])* $variant:ident,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            $(#[$ometa])*
            Other(String),
        }

        impl $name {
            /// Every value this version knows, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The names of the values this version knows, as written in manifests.
            pub const NAMES: &'static [&'static str] = &[$(::core::stringify!($variant),)+];

            /// The name as written in manifests (an `Other` value as it was read).
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => ::core::stringify!($variant),)+
                    $name::Other(name) => name,
                }
            }

            /// Whether this version knows the value (an `Other` holding a known name counts as
            /// known: it is that value).
            pub fn is_known(&self) -> bool {
                Self::NAMES.contains(&self.as_str())
            }
        }

        impl From<&str> for $name {
            /// The known value of that name, else `Other(name)`.
            fn from(name: &str) -> Self {
                match name {
                    $(::core::stringify!($variant) => $name::$variant,)+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            /// The known value of that name, else `Other(name)`.
            fn from(name: String) -> Self {
                match $name::from(name.as_str()) {
                    $name::Other(_) => $name::Other(name),
                    known => known,
                }
            }
        }

        impl PartialEq for $name {
            /// Equal when written the same: `Other("Restic")` equals `Restic`.
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl Eq for $name {}

        impl ::core::hash::Hash for $name {
            fn hash<H: ::core::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state);
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
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
                impl ::serde::de::Visitor<'_> for Visit {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        $crate::api::open_enum::read(v, $name::NAMES).map(|_| $name::from(v))
                    }
                }
                deserializer.deserialize_str(Visit)
            }
        }

        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::core::stringify!($name).into()
            }

            fn schema_id() -> ::std::borrow::Cow<'static, str> {
                ::core::concat!(::core::module_path!(), "::", ::core::stringify!($name)).into()
            }

            /// The closed set, as upstream's CRD writes it: `type: string` + `enum`.
            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({ "type": "string", "enum": $name::NAMES })
            }
        }
    };
}

pub(crate) use open_enum;

/// Whether `value` may be read as a value of a set whose known values are `names`: a known
/// value or one this version does not know is; a near miss of a known one (a typo) is refused
/// as serde's `unknown variant` error.
pub(crate) fn read<E: serde::de::Error>(
    value: &str,
    names: &'static [&'static str],
) -> Result<(), E> {
    if names.contains(&value) || crate::text::closest(value, names).is_none() {
        Ok(())
    } else {
        Err(E::unknown_variant(value, names))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use serde_json::json;

    use crate::api::{Driver, TaskExecutor};

    #[test]
    fn the_schema_is_upstreams_closed_set() {
        let schema = schemars::SchemaGenerator::default().root_schema_for::<TaskExecutor>();
        let mut value = schema.to_value();
        value
            .as_object_mut()
            .unwrap()
            .retain(|k, _| k == "type" || k == "enum");
        assert_eq!(
            value,
            json!({"type": "string", "enum": ["Job", "Sidecar", "EphemeralContainer", "MultiLevelJob"]})
        );
    }

    #[test]
    fn a_value_is_equal_to_itself_however_it_was_made() {
        assert_eq!(Driver::Other("Restic".into()), Driver::Restic);
        assert!(Driver::Other("Restic".into()).is_known());
        let set: HashSet<Driver> = [Driver::Restic, Driver::from("Restic".to_owned())].into();
        assert_eq!(set.len(), 1);
        assert_eq!(Driver::from("Milvus"), Driver::Other("Milvus".into()));
        assert_eq!(Driver::from("Milvus").to_string(), "Milvus");
    }

    #[test]
    fn near_misses_are_refused_and_others_kept() {
        for typo in ["Restik", "restic", "WALG", "Neo4jAdmn"] {
            let e = serde_json::from_value::<Driver>(json!(typo)).unwrap_err();
            assert!(e.to_string().starts_with("unknown variant"), "{typo}: {e}");
        }
        for later in ["Milvus", "Weaviate", "OracleBackup", ""] {
            let d: Driver = serde_json::from_value(json!(later)).unwrap();
            assert_eq!(d, Driver::Other(later.into()));
            assert_eq!(serde_json::to_value(&d).unwrap(), json!(later));
        }
        assert!(serde_json::from_value::<Driver>(json!(5)).is_err());
    }
}
