//! Every image a set of Functions can pull (`kubestash-fn images`), for air-gapped installs
//! and registry mirrors.
//!
//! An image without variables is itself. An image with `${DB_VERSION}` stands for one image per
//! version the operator can choose: each of the Function's `availableVersions`, and each
//! version of the operator's fixed table that applies to the Function's name
//! ([`resolve::fixed_versions`]: `17.9-percona` for `postgres-*backup`/`restore` Functions,
//! which upstream keeps out of `availableVersions` on purpose, and whose image is still
//! pulled). Any other variable in an image is an error naming the Function: what it pulls
//! depends on inputs nobody can list.
//!
//! ```
//! use function_core::api::{Function, FunctionSpec};
//! use function_core::images::Images;
//!
//! let pg = Function::new("postgres-backup", FunctionSpec {
//!     image: "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}".into(),
//!     available_versions: vec!["16.4".into(), "17.2".into()],
//!     ..FunctionSpec::default()
//! });
//! let pvc = Function::new("pvc-backup", FunctionSpec {
//!     image: "ghcr.io/kubestash/pvc:v0.28.0".into(),
//!     ..FunctionSpec::default()
//! });
//! let images = Images::of([&pg, &pvc]).unwrap();
//! let names: Vec<&str> = images.iter().map(|(image, _)| image).collect();
//! assert_eq!(names, [
//!     "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_16.4",
//!     "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_17.2",
//!     "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_17.9-percona",
//!     "ghcr.io/kubestash/pvc:v0.28.0",
//! ]);
//! assert_eq!(images.functions("ghcr.io/kubestash/pvc:v0.28.0"), Some(&["pvc-backup".to_owned()][..]));
//! ```

use std::collections::{BTreeMap, BTreeSet};

use function_rules::{DB_VERSION, check_image};

use crate::api::Function;
use crate::resolve;

/// Why an image cannot be listed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImageError {
    /// The image uses a variable other than `${DB_VERSION}`.
    #[error(
        "Function `{function}`: the image `{image}` uses `${{{variable}}}`: only ${{DB_VERSION}} \
         can be expanded (over the Function's availableVersions), so what it pulls cannot be listed"
    )]
    Variable {
        /// The Function.
        function: String,
        /// The image as written.
        image: String,
        /// The variable.
        variable: String,
    },
    /// The image is not a valid reference.
    #[error("Function `{function}`: {message}")]
    Invalid {
        /// The Function.
        function: String,
        /// What is wrong ([`function_rules::check_image`]'s message).
        message: String,
    },
    /// `${DB_VERSION}` with no version to expand it over.
    #[error(
        "Function `{function}`: the image `{image}` uses ${{DB_VERSION}} but the Function lists \
         no availableVersions"
    )]
    NoVersions {
        /// The Function.
        function: String,
        /// The image as written.
        image: String,
    },
}

/// The images a set of Functions pulls, sorted and unique, each with the Functions that pull it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Images(BTreeMap<String, Vec<String>>);

impl Images {
    /// The images of `functions` (a Function with no image pulls none).
    ///
    /// # Errors
    /// Every image that cannot be listed, in the order of the Functions.
    pub fn of<'a>(
        functions: impl IntoIterator<Item = &'a Function>,
    ) -> Result<Images, Vec<ImageError>> {
        let mut images: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut errors = Vec::new();
        for f in functions {
            let name = f.metadata.name.as_deref().unwrap_or_default();
            match expand(name, f) {
                Ok(list) => {
                    for image in list {
                        images.entry(image).or_default().insert(name.to_owned());
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(Images(
                images
                    .into_iter()
                    .map(|(image, fs)| (image, fs.into_iter().collect()))
                    .collect(),
            ))
        } else {
            Err(errors)
        }
    }

    /// The images in order, each with its Functions (sorted).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.0.iter().map(|(i, f)| (i.as_str(), f.as_slice()))
    }

    /// The Functions that pull `image`.
    pub fn functions(&self, image: &str) -> Option<&[String]> {
        self.0.get(image).map(Vec::as_slice)
    }

    /// The number of images.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no image.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The images of one Function.
fn expand(name: &str, f: &Function) -> Result<Vec<String>, ImageError> {
    let image = &f.spec.image;
    if image.is_empty() {
        return Ok(Vec::new());
    }
    let reference = check_image(image).map_err(|e| ImageError::Invalid {
        function: name.to_owned(),
        message: e.message().to_owned(),
    })?;
    if let Some(other) = reference.variables().iter().find(|v| **v != DB_VERSION) {
        return Err(ImageError::Variable {
            function: name.to_owned(),
            image: image.clone(),
            variable: (*other).to_owned(),
        });
    }
    if !reference.uses_variable(DB_VERSION) {
        return Ok(vec![image.clone()]);
    }
    if f.spec.available_versions.is_empty() {
        return Err(ImageError::NoVersions {
            function: name.to_owned(),
            image: image.clone(),
        });
    }
    let placeholder = format!("${{{DB_VERSION}}}");
    let mut versions: Vec<&str> = f
        .spec
        .available_versions
        .iter()
        .map(String::as_str)
        .collect();
    versions.extend(resolve::fixed_versions(name));
    Ok(versions
        .into_iter()
        .map(|v| image.replace(&placeholder, v))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::FunctionSpec;

    fn function(name: &str, image: &str, versions: &[&str]) -> Function {
        Function::new(
            name,
            FunctionSpec {
                image: image.into(),
                available_versions: versions.iter().map(|v| (*v).to_owned()).collect(),
                ..FunctionSpec::default()
            },
        )
    }

    #[test]
    fn other_variables_and_missing_versions_name_the_function() {
        let tag = function("a-backup", "ghcr.io/x/a:${TAG}", &[]);
        let none = function("b-backup", "ghcr.io/x/b:${DB_VERSION}", &[]);
        let errors = Images::of([&tag, &none]).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(
            matches!(&errors[0], ImageError::Variable { function, variable, .. }
            if function == "a-backup" && variable == "TAG")
        );
        assert!(errors[1].to_string().starts_with("Function `b-backup`: "));
    }

    #[test]
    fn shared_images_list_every_function_once() {
        let a = function("pvc-backup", "ghcr.io/kubestash/pvc:v1", &[]);
        let b = function("pvc-restore", "ghcr.io/kubestash/pvc:v1", &[]);
        let images = Images::of([&b, &a, &a]).unwrap();
        assert_eq!(images.len(), 1);
        assert_eq!(
            images.functions("ghcr.io/kubestash/pvc:v1").unwrap(),
            ["pvc-backup", "pvc-restore"]
        );
    }

    #[test]
    fn fixed_table_versions_apply_by_name() {
        let maria = function(
            "mariadb-physical-backup",
            "ghcr.io/x/m:${DB_VERSION}",
            &["10.11.6-jammy"],
        );
        let images = Images::of([&maria]).unwrap();
        let list: Vec<&str> = images.iter().map(|(i, _)| i).collect();
        // 10.11.6-jammy is both listed and in the table: once.
        assert_eq!(
            list,
            [
                "ghcr.io/x/m:10.11.6-jammy",
                "ghcr.io/x/m:10.4.32-focal",
                "ghcr.io/x/m:10.6.16-focal",
                "ghcr.io/x/m:11.1.3-jammy",
            ]
        );
    }
}
