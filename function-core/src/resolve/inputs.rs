//! The variables a Function is resolved with, assembled from named layers.
//!
//! The operator merges several sources of variables into one map before substituting. Here each
//! source is a [`Layer`] and the order in which layers override each other is an explicit
//! [`Precedence`]. The default is the operator's, lowest first:
//!
//! 1. [`Layer::ParameterDefaults`]: the `default` of each of the task's `ParameterDefinition`s;
//! 2. [`Layer::Builtins`]: what the operator itself provides ([`Builtins`]: `namespace`,
//!    `backupSession`, ..., and placeholders such as `PVC_NAME`);
//! 3. [`Layer::UserParams`]: the user's `addon.tasks[].params` (and `--set` on the command line);
//! 4. [`Layer::DbVersion`]: `DB_VERSION`, chosen from the Function's `availableVersions`.
//!
//! Inputs are never restricted to the declared parameters: catalogs use names nobody declares
//! (`waitTimeout`, `taskName`, ...).
//!
//! ```
//! use function_core::resolve::{Builtins, Inputs, Layer};
//!
//! let mut inputs = Inputs::new();
//! inputs.set(Layer::ParameterDefaults, "enableCache", "true");
//! inputs.set_builtins(&Builtins { namespace: Some("demo".into()), ..Default::default() });
//! inputs.set(Layer::UserParams, "enableCache", "false");
//! assert_eq!(inputs.get("enableCache"), Some("false"));
//! assert_eq!(inputs.source("enableCache"), Some(Layer::UserParams));
//! assert_eq!(inputs.get("namespace"), Some("demo"));
//! ```

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::api::Task;

/// A named source of variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Layer {
    /// The defaults of the task's parameter definitions.
    ParameterDefaults,
    /// The operator's built-in variables and placeholders.
    Builtins,
    /// The user's `addon.tasks[].params`.
    UserParams,
    /// `DB_VERSION`, chosen from `availableVersions`.
    DbVersion,
}

impl Layer {
    /// Every layer, in the operator's order (lowest precedence first).
    pub const ALL: [Layer; 4] = [
        Layer::ParameterDefaults,
        Layer::Builtins,
        Layer::UserParams,
        Layer::DbVersion,
    ];

    /// A short human-readable name, as used in error messages.
    pub fn describe(self) -> &'static str {
        match self {
            Layer::ParameterDefaults => "parameter defaults",
            Layer::Builtins => "operator built-ins",
            Layer::UserParams => "user params",
            Layer::DbVersion => "DB_VERSION",
        }
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// The order in which layers override each other, lowest precedence first.
///
/// ```
/// use function_core::resolve::{Layer, Precedence};
///
/// assert_eq!(Precedence::default().layers(), &Layer::ALL);
/// // Let built-ins win over what the user passes:
/// let p = Precedence::new([Layer::ParameterDefaults, Layer::UserParams, Layer::Builtins, Layer::DbVersion]).unwrap();
/// assert_eq!(p.layers()[2], Layer::Builtins);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Precedence(Vec<Layer>);

impl Precedence {
    /// A precedence naming every layer exactly once, lowest first.
    pub fn new(order: impl IntoIterator<Item = Layer>) -> Result<Self, PrecedenceError> {
        let order: Vec<Layer> = order.into_iter().collect();
        for layer in Layer::ALL {
            match order.iter().filter(|l| **l == layer).count() {
                1 => {}
                0 => return Err(PrecedenceError::Missing(layer)),
                _ => return Err(PrecedenceError::Repeated(layer)),
            }
        }
        Ok(Precedence(order))
    }

    /// The layers, lowest precedence first.
    pub fn layers(&self) -> &[Layer] {
        &self.0
    }
}

impl Default for Precedence {
    /// The operator's order: parameter defaults < built-ins < user params < `DB_VERSION`.
    fn default() -> Self {
        Precedence(Layer::ALL.to_vec())
    }
}

/// A [`Precedence`] that does not name every layer exactly once.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrecedenceError {
    /// A layer is absent from the order.
    #[error("precedence does not name the layer `{0}`")]
    Missing(Layer),
    /// A layer appears more than once.
    #[error("precedence names the layer `{0}` more than once")]
    Repeated(Layer),
}

/// Declares [`Builtins`] from the one table of built-in variables and placeholders,
/// [`function_rules::builtin_variables!`]: a field each, named as the operator names it in serde.
macro_rules! builtins_struct {
    (
        builtins { $($field:ident: $name:tt = $default:expr, $about:tt;)* }
        placeholders { $($pfield:ident: $pname:tt, $pabout:tt;)* }
    ) => {
        /// The variables the KubeStash operator provides, and its placeholders (one field each,
        /// from [`function_rules::builtin_variables!`]).
        ///
        /// Every field is optional: only the ones set are offered to the substitution. `extra`
        /// holds any other key (catalogs use names nobody declares).
        ///
        /// ```
        /// use function_core::resolve::Builtins;
        ///
        /// let b = Builtins { namespace: Some("demo".into()), pvc_name: Some("data".into()), ..Default::default() };
        /// let pairs: Vec<_> = b.pairs().collect();
        /// assert_eq!(pairs, [("namespace", "demo"), ("PVC_NAME", "data")]);
        /// ```
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Builtins {
            $(
                #[doc = concat!("`", $name, "`: ", $about, ".")]
                #[serde(default, rename = $name)]
                pub $field: Option<String>,
            )*
            $(
                #[doc = concat!("`", $pname, "` placeholder: ", $pabout, ".")]
                #[serde(default, rename = $pname)]
                pub $pfield: Option<String>,
            )*
            /// Any other variable.
            #[serde(default)]
            pub extra: BTreeMap<String, String>,
        }

        impl Builtins {
            /// Each typed field with its variable's name, in the table's order.
            fn fields(&self) -> Vec<(&'static str, &Option<String>)> {
                vec![$(($name, &self.$field),)* $(($pname, &self.$pfield),)*]
            }
        }
    };
}

function_rules::builtin_variables!(builtins_struct);

impl Builtins {
    /// The variables that are set, typed fields first (in declaration order), then `extra`.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.fields()
            .into_iter()
            .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
            .chain(self.extra.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// Whether `name` is one of the operator's built-in variables or placeholders (the lists
    /// are [`function_rules::BUILTINS`] and [`function_rules::PLACEHOLDERS`]).
    ///
    /// ```
    /// assert!(function_core::resolve::Builtins::is_builtin("backupSession"));
    /// assert!(!function_core::resolve::Builtins::is_builtin("waitTimeout"));
    /// ```
    pub fn is_builtin(name: &str) -> bool {
        function_rules::builtin(name).is_some() || function_rules::PLACEHOLDERS.contains(&name)
    }
}

/// A user's `params` value that is not a string, number or boolean.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamsError {
    /// The params are not a JSON object.
    #[error("params must be an object of name: value pairs, found {found}")]
    NotAnObject {
        /// The JSON type found.
        found: &'static str,
    },
    /// A value is an object, an array or null.
    #[error("params.{key}: expected a string, number or boolean, found {found}")]
    BadValue {
        /// The parameter's name.
        key: String,
        /// The JSON type found.
        found: &'static str,
    },
}

fn json_type(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The variables to resolve with: one map per [`Layer`], merged by a [`Precedence`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    layers: BTreeMap<Layer, BTreeMap<String, String>>,
    precedence: Precedence,
}

impl Inputs {
    /// Empty inputs with the operator's precedence.
    pub fn new() -> Self {
        Self::default()
    }

    /// Empty inputs with the given precedence.
    pub fn with_precedence(precedence: Precedence) -> Self {
        Inputs {
            layers: BTreeMap::new(),
            precedence,
        }
    }

    /// The precedence in use.
    pub fn precedence(&self) -> &Precedence {
        &self.precedence
    }

    /// Sets `key` to `value` in `layer`.
    pub fn set(&mut self, layer: Layer, key: impl Into<String>, value: impl Into<String>) {
        self.layers
            .entry(layer)
            .or_default()
            .insert(key.into(), value.into());
    }

    /// The variables of one layer.
    pub fn layer(&self, layer: Layer) -> Option<&BTreeMap<String, String>> {
        self.layers.get(&layer)
    }

    /// Puts the non-empty `default` of every parameter of `task` in
    /// [`Layer::ParameterDefaults`] (Go's `omitempty` makes an empty default "no default").
    ///
    /// ```
    /// use function_core::api::{ParameterDefinition, Task};
    /// use function_core::resolve::Inputs;
    ///
    /// let task = Task {
    ///     parameters: vec![
    ///         ParameterDefinition { name: "paths".into(), default: "/data".into(), ..Default::default() },
    ///         ParameterDefinition { name: "exclude".into(), ..Default::default() },
    ///     ],
    ///     ..Default::default()
    /// };
    /// let mut inputs = Inputs::new();
    /// inputs.set_parameter_defaults(&task);
    /// assert_eq!(inputs.get("paths"), Some("/data"));
    /// assert_eq!(inputs.get("exclude"), None);
    /// ```
    pub fn set_parameter_defaults(&mut self, task: &Task) {
        for p in &task.parameters {
            if !p.default.is_empty() {
                self.set(Layer::ParameterDefaults, &p.name, &p.default);
            }
        }
    }

    /// Puts every variable set in `builtins` in [`Layer::Builtins`].
    pub fn set_builtins(&mut self, builtins: &Builtins) {
        for (k, v) in builtins.pairs() {
            self.set(Layer::Builtins, k, v);
        }
    }

    /// Puts the user's `params` (a JSON object) in [`Layer::UserParams`]: strings as they are,
    /// numbers and booleans as their JSON text; nested values and `null` are rejected, and
    /// nothing is added when any value is rejected.
    ///
    /// ```
    /// use function_core::resolve::Inputs;
    ///
    /// let mut inputs = Inputs::new();
    /// inputs.set_user_params(&serde_json::json!({"paths": "/data", "waitTimeout": 600, "force": true})).unwrap();
    /// assert_eq!(inputs.get("waitTimeout"), Some("600"));
    /// assert_eq!(inputs.get("force"), Some("true"));
    /// let err = inputs.set_user_params(&serde_json::json!({"paths": ["/a", "/b"]})).unwrap_err();
    /// assert_eq!(err.to_string(), "params.paths: expected a string, number or boolean, found an array");
    /// ```
    pub fn set_user_params(&mut self, params: &serde_json::Value) -> Result<(), ParamsError> {
        let serde_json::Value::Object(map) = params else {
            return Err(ParamsError::NotAnObject {
                found: json_type(params),
            });
        };
        let mut values = Vec::with_capacity(map.len());
        for (k, v) in map {
            let text = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Bool(b) => b.to_string(),
                other => {
                    return Err(ParamsError::BadValue {
                        key: k.clone(),
                        found: json_type(other),
                    });
                }
            };
            values.push((k, text));
        }
        for (k, text) in values {
            self.set(Layer::UserParams, k, text);
        }
        Ok(())
    }

    /// Sets `DB_VERSION` in [`Layer::DbVersion`].
    pub fn set_db_version(&mut self, version: impl Into<String>) {
        self.set(Layer::DbVersion, function_rules::DB_VERSION, version);
    }

    /// The value of `key`, from the layer of highest precedence that has it.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.lookup(key).map(|(v, _)| v)
    }

    /// The layer the value of `key` comes from.
    pub fn source(&self, key: &str) -> Option<Layer> {
        self.lookup(key).map(|(_, l)| l)
    }

    fn lookup(&self, key: &str) -> Option<(&str, Layer)> {
        self.precedence.layers().iter().rev().find_map(|layer| {
            self.layers
                .get(layer)
                .and_then(|m| m.get(key))
                .map(|v| (v.as_str(), *layer))
        })
    }

    /// Every variable with its winning value: the map handed to the substitution engine.
    pub fn merged(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for layer in self.precedence.layers() {
            if let Some(m) = self.layers.get(layer) {
                out.extend(m.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
        out
    }

    /// The layers in the order they are searched (highest precedence first), for messages.
    pub fn search_order(&self) -> impl Iterator<Item = Layer> + '_ {
        self.precedence.layers().iter().rev().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layered(order: &[Layer]) -> Inputs {
        let mut inputs = Inputs::with_precedence(Precedence::new(order.iter().copied()).unwrap());
        for layer in Layer::ALL {
            inputs.set(layer, "k", layer.describe());
        }
        inputs
    }

    /// Every pair of layers: the one later in the precedence wins, whatever the insertion order.
    #[test]
    fn every_pair_of_layers_follows_the_precedence() {
        let order = Precedence::default();
        for (i, low) in order.layers().iter().enumerate() {
            for high in &order.layers()[i + 1..] {
                for insert_high_first in [false, true] {
                    let mut inputs = Inputs::new();
                    let (first, second) = if insert_high_first {
                        (*high, *low)
                    } else {
                        (*low, *high)
                    };
                    inputs.set(first, "k", first.describe());
                    inputs.set(second, "k", second.describe());
                    assert_eq!(inputs.get("k"), Some(high.describe()), "{low} < {high}");
                    assert_eq!(inputs.source("k"), Some(*high));
                    assert_eq!(inputs.merged()["k"], high.describe());
                }
            }
        }
    }

    #[test]
    fn default_precedence_is_the_operators() {
        assert_eq!(layered(&Layer::ALL).get("k"), Some("DB_VERSION"));
        assert_eq!(
            Precedence::default().layers(),
            [
                Layer::ParameterDefaults,
                Layer::Builtins,
                Layer::UserParams,
                Layer::DbVersion
            ]
        );
    }

    #[test]
    fn precedence_is_configurable() {
        let inputs = layered(&[
            Layer::DbVersion,
            Layer::UserParams,
            Layer::ParameterDefaults,
            Layer::Builtins,
        ]);
        assert_eq!(inputs.get("k"), Some("operator built-ins"));
        assert_eq!(
            inputs.search_order().collect::<Vec<_>>(),
            [
                Layer::Builtins,
                Layer::ParameterDefaults,
                Layer::UserParams,
                Layer::DbVersion
            ]
        );
    }

    #[test]
    fn precedence_must_name_every_layer_once() {
        assert_eq!(
            Precedence::new([Layer::Builtins, Layer::UserParams, Layer::DbVersion]),
            Err(PrecedenceError::Missing(Layer::ParameterDefaults))
        );
        assert_eq!(
            Precedence::new([
                Layer::Builtins,
                Layer::UserParams,
                Layer::DbVersion,
                Layer::ParameterDefaults,
                Layer::Builtins
            ]),
            Err(PrecedenceError::Repeated(Layer::Builtins))
        );
    }

    #[test]
    fn user_params_reject_nested_values_and_add_nothing() {
        let mut inputs = Inputs::new();
        let err = inputs
            .set_user_params(&serde_json::json!({"a": "1", "b": {"c": 1}}))
            .unwrap_err();
        assert_eq!(
            err,
            ParamsError::BadValue {
                key: "b".into(),
                found: "an object"
            }
        );
        assert_eq!(inputs.get("a"), None);
        assert!(matches!(
            inputs.set_user_params(&serde_json::json!({"n": null})),
            Err(ParamsError::BadValue { found: "null", .. })
        ));
        assert_eq!(
            inputs
                .set_user_params(&serde_json::json!(["a"]))
                .unwrap_err()
                .to_string(),
            "params must be an object of name: value pairs, found an array"
        );
    }

    #[test]
    fn user_params_render_numbers_and_booleans_as_text() {
        let mut inputs = Inputs::new();
        inputs
            .set_user_params(&serde_json::json!({"i": -3, "f": 1.5, "b": false, "s": ""}))
            .unwrap();
        assert_eq!(inputs.get("i"), Some("-3"));
        assert_eq!(inputs.get("f"), Some("1.5"));
        assert_eq!(inputs.get("b"), Some("false"));
        assert_eq!(inputs.get("s"), Some(""));
    }

    /// The typed fields are the one list of built-ins and placeholders, in its order
    /// (`DB_VERSION` aside: it has its own layer), no more and no fewer.
    #[test]
    fn builtins_are_exactly_the_rules_list() {
        let b = Builtins::default();
        let names: Vec<&str> = b.fields().iter().map(|(k, _)| *k).collect();
        let expected: Vec<&str> = function_rules::BUILTINS
            .iter()
            .map(|b| b.name)
            .chain(
                function_rules::PLACEHOLDERS
                    .iter()
                    .copied()
                    .filter(|p| *p != function_rules::DB_VERSION),
            )
            .collect();
        assert_eq!(names, expected);
    }

    #[test]
    fn builtins_deserialise_from_their_variable_names() {
        let b: Builtins = serde_json::from_value(serde_json::json!({
            "namespace": "demo", "backupSession": "b1", "PVC_NAME": "data", "extra": {"taskName": "t"}
        }))
        .unwrap();
        let mut inputs = Inputs::new();
        inputs.set_builtins(&b);
        assert_eq!(inputs.get("backupSession"), Some("b1"));
        assert_eq!(inputs.get("PVC_NAME"), Some("data"));
        assert_eq!(inputs.get("taskName"), Some("t"));
    }
}
