//! [`check_laws`]: the laws of a derived struct, checked over generated arguments.

use std::collections::BTreeMap;
use std::fmt;

use crate::PluginFunction;
use crate::envsubst;
use crate::plugin::{ArgSpec, ArgsError};
use crate::rules::DefaultOp;

/// Texts tried for every flag besides its default: numbers of several sizes and signs, the
/// spellings of booleans, empty text, and strings with the characters that trip parsers (`=`,
/// `,`, a leading `-`, spaces, non-ASCII).
const TEXTS: &[&str] = &[
    "",
    "0",
    "1",
    "42",
    "-7",
    "65535",
    "4294967296",
    "1.5",
    "-0.25",
    "true",
    "false",
    "x",
    "a b",
    "a=b",
    "-v",
    "--flag",
    "a,b",
    "/kubestash-tmp",
    "ü",
    "10.0.0.1",
];

/// The laws every `#[derive(Function)]` struct keeps, checked over generated arguments:
///
/// 1. **parse ∘ print**: `from_args(to_args(x)) == x`;
/// 2. **template**: the manifest's `args` template, substituted by the engine with each
///    variable set to the text `to_args(x)` gives its flag, is `to_args(x)`;
/// 3. **defaults**: the template substituted with no inputs parses to what the parser gives
///    when every flag is left out (or both fail: an argument marked `required`); a field with
///    no default whose type is not optional is given the empty text, as an unset variable
///    gives it. A field written `${var}` ([`DefaultOp::Bare`](crate::rules::DefaultOp::Bare))
///    has no value without an input (the operator refuses to resolve it), so it is given the
///    empty text on both sides.
///
/// The template is the fields' arguments: verbatim arguments (`#[function(args = [...])]`) are
/// template-only, neither parsed nor printed, and are left out of the laws.
///
/// A case is built by giving each flag one of its candidate texts (its default, the texts in
/// [`samples`](Self::samples), and a fixed set of tricky texts) or leaving it out. When the
/// parser refuses a case, the text it refused is dropped from that flag's candidates (or the
/// flag it missed is always given from then on) and another case is drawn; the accepted cases
/// are checked. Generation is deterministic ([`seed`](Self::seed)).
///
/// ```
/// use function_core::Function;
/// use function_core::testing::Laws;
///
/// #[derive(Function, Debug, PartialEq)]
/// #[function(name = "demo-backup", image = "ghcr.io/example/demo:v1", subcommand = "backup")]
/// struct DemoBackup {
///     #[arg(builtin)]
///     namespace: String,
///     #[arg(default = 300)]
///     wait_timeout: u32,
///     #[arg(default = "info")]
///     level: String,
///     paths: Vec<String>,
/// }
///
/// let report = Laws::new().samples("level", ["debug", "warn"]).cases(200).check::<DemoBackup>()?;
/// assert!(report.checked > 100);
/// # Ok::<(), function_core::testing::LawsError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Laws {
    cases: usize,
    seed: u64,
    samples: BTreeMap<String, Vec<String>>,
}

impl Default for Laws {
    fn default() -> Self {
        Laws {
            cases: 256,
            seed: 0x5eed_cafe_f00d_d00d,
            samples: BTreeMap::new(),
        }
    }
}

/// How many generated cases [`Laws::check`] checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LawsReport {
    /// Cases the parser accepted, on which every law held.
    pub checked: usize,
    /// Cases the parser refused (each dropped a candidate text).
    pub refused: usize,
}

/// A law that does not hold, with the case that shows it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum LawsError {
    /// A law failed on a case.
    Broken {
        /// Which law (`parse ∘ print`, `template`, `defaults`).
        law: &'static str,
        /// The arguments the value was parsed from.
        case: Vec<String>,
        /// What the law expected (debug text).
        expected: String,
        /// What came out (debug text).
        found: String,
    },
    /// Every candidate text of a flag was refused: give it valid texts with
    /// [`Laws::samples`].
    NothingParses {
        /// The flag (without `--`) and why its last candidate was refused.
        flags: Vec<(String, String)>,
    },
}

impl fmt::Display for LawsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LawsError::Broken {
                law,
                case,
                expected,
                found,
            } => write!(
                f,
                "the law `{law}` does not hold for the arguments {case:?}:\n  expected: \
                 {expected}\n     found: {found}"
            ),
            LawsError::NothingParses { flags } => {
                write!(
                    f,
                    "the parser refuses every generated text; give valid texts with \
                     `Laws::samples` for:"
                )?;
                for (flag, reason) in flags {
                    write!(f, "\n  --{flag}: {reason}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for LawsError {}

impl Laws {
    /// 256 cases, a fixed seed, no samples.
    pub fn new() -> Self {
        Laws::default()
    }

    /// How many cases to generate.
    pub fn cases(mut self, cases: usize) -> Self {
        self.cases = cases;
        self
    }

    /// The seed of the generator.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Valid texts for a flag (without `--`) whose type reads few texts (an enum: `["pg_dump",
    /// "pg_dumpall"]`).
    pub fn samples<I, S>(mut self, flag: &str, texts: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.samples
            .entry(flag.to_owned())
            .or_default()
            .extend(texts.into_iter().map(Into::into));
        self
    }

    /// Checks the laws for `T`.
    ///
    /// # Errors
    /// The first law that fails, with its case ([`LawsError::Broken`]), or
    /// [`LawsError::NothingParses`].
    pub fn check<T>(&self) -> Result<LawsReport, LawsError>
    where
        T: PluginFunction + PartialEq + fmt::Debug,
    {
        let specs = T::arg_specs();
        let subcommand = T::FUNCTION.subcommand;
        // The fields' arguments, without the verbatim ones (template-only).
        let template: Vec<String> = subcommand
            .map(str::to_owned)
            .into_iter()
            .chain(specs.iter().map(ArgSpec::template))
            .collect();
        let candidates: Vec<Vec<String>> = specs
            .iter()
            .map(|spec| {
                let mut texts: Vec<String> = spec.default.iter().cloned().collect();
                texts.extend(self.samples.get(spec.flag).into_iter().flatten().cloned());
                texts.extend(TEXTS.iter().map(|t| (*t).to_owned()));
                texts
            })
            .collect();

        // Law 3 once: the template with no inputs against the parser with no flags, but for
        // the fields the parser requires without the mark (no default, a type that is not
        // optional): an unset variable gives them the empty text, so the parser gets that.
        let bare: Vec<String> = subcommand.map(str::to_owned).into_iter().collect();
        // `${var}` has no value without an input: give those the empty text.
        let empty_for_bare: BTreeMap<String, String> = specs
            .iter()
            .filter(|s| s.op == DefaultOp::Bare)
            .map(|s| (s.var.to_owned(), String::new()))
            .collect();
        let substituted = substitute(&template, &empty_for_bare);
        let mut unset = bare.clone();
        unset.extend(
            specs
                .iter()
                .filter(|s| {
                    s.op == DefaultOp::Bare
                        || (s.is_required() && !s.required && s.default.is_none())
                })
                .map(|s| format!("--{}=", s.flag)),
        );
        let by_parser = T::from_args(unset.iter().cloned());
        let by_template = substituted.map(|args| T::from_args(args.iter().cloned()));
        match (&by_parser, &by_template) {
            (Ok(a), Ok(Ok(b))) if a == b => {}
            (Err(_), Ok(Err(_))) => {}
            _ => {
                return Err(LawsError::Broken {
                    law: "defaults",
                    case: unset,
                    expected: format!("{by_parser:?}"),
                    found: format!("{by_template:?}"),
                });
            }
        }

        let mut rng = Rng(self.seed | 1);
        let mut candidates = candidates;
        let mut must_give = vec![false; specs.len()];
        let mut report = LawsReport {
            checked: 0,
            refused: 0,
        };
        // Every refusal removes a candidate text or marks a flag as required, so the attempts
        // are bounded by the cases plus the number of candidates and flags.
        let budget = self.cases + candidates.iter().map(Vec::len).sum::<usize>() + specs.len();
        for _ in 0..budget {
            if report.checked == self.cases {
                break;
            }
            let mut case: Vec<String> = bare.clone();
            let mut chosen: Vec<Option<usize>> = vec![None; specs.len()];
            for (i, spec) in specs.iter().enumerate() {
                // One time in eight, leave the flag out (unless it is required).
                if !must_give[i] && rng.below(8) == 0 {
                    continue;
                }
                let texts = &candidates[i];
                let pick = rng.below(texts.len());
                case.push(format!("--{}={}", spec.flag, texts[pick]));
                chosen[i] = Some(pick);
            }
            let value = match T::from_args(case.iter().cloned()) {
                Ok(value) => value,
                Err(error) => {
                    report.refused += 1;
                    let Some(i) = refused_flag(&error)
                        .and_then(|flag| specs.iter().position(|s| s.flag == flag))
                    else {
                        return Err(LawsError::Broken {
                            law: "generated arguments parse or name the flag they refuse",
                            case,
                            expected: "a value, or an error about one flag".to_owned(),
                            found: format!("{error:?}"),
                        });
                    };
                    match chosen[i] {
                        Some(pick) => {
                            candidates[i].remove(pick);
                            if candidates[i].is_empty() {
                                return Err(LawsError::NothingParses {
                                    flags: vec![(specs[i].flag.to_owned(), error.to_string())],
                                });
                            }
                        }
                        None => must_give[i] = true,
                    }
                    continue;
                }
            };
            check_case(&value, &case, &template)?;
            report.checked += 1;
        }
        Ok(report)
    }
}

/// [`Laws::new`]`().check::<T>()`: the laws over 256 generated cases.
///
/// # Errors
/// As [`Laws::check`].
pub fn check_laws<T>() -> Result<LawsReport, LawsError>
where
    T: PluginFunction + PartialEq + fmt::Debug,
{
    Laws::new().check::<T>()
}

/// Laws 1 and 2 for one parsed value.
fn check_case<T>(value: &T, case: &[String], template: &[String]) -> Result<(), LawsError>
where
    T: PluginFunction + PartialEq + fmt::Debug,
{
    let printed = value.to_args();
    let reparsed = T::from_args(printed.iter().cloned());
    if reparsed.as_ref() != Ok(value) {
        return Err(LawsError::Broken {
            law: "parse ∘ print",
            case: case.to_vec(),
            expected: format!("Ok({value:?}) from {printed:?}"),
            found: format!("{reparsed:?}"),
        });
    }
    let texts: BTreeMap<String, String> = T::arg_specs()
        .iter()
        .zip(
            printed
                .iter()
                .skip(usize::from(T::FUNCTION.subcommand.is_some())),
        )
        .filter_map(|(spec, arg)| {
            let text = arg
                .strip_prefix("--")?
                .strip_prefix(spec.flag)?
                .strip_prefix('=')?;
            Some((spec.var.to_owned(), text.to_owned()))
        })
        .collect();
    let substituted = substitute(template, &texts);
    if substituted.as_ref() != Ok(&printed) {
        return Err(LawsError::Broken {
            law: "template",
            case: case.to_vec(),
            expected: format!("{printed:?}"),
            found: format!("{substituted:?}"),
        });
    }
    Ok(())
}

/// Each argument of the template substituted with `vars`.
fn substitute(
    template: &[String],
    vars: &BTreeMap<String, String>,
) -> Result<Vec<String>, envsubst::Error> {
    template
        .iter()
        .map(|arg| envsubst::eval_map(arg, vars))
        .collect()
}

/// The flag an error is about, when it is about one value.
fn refused_flag(error: &ArgsError) -> Option<String> {
    match error {
        ArgsError::InvalidValue { flag, .. }
        | ArgsError::MissingFlag { flag, .. }
        | ArgsError::EmptyValue { flag, .. } => Some(flag.clone()),
        _ => None,
    }
}

/// xorshift64: small, deterministic, good enough to pick candidates.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}
