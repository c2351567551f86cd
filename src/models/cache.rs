//! Where models live on disk, and the catalog of known models.

use super::{Error, Manifest};
use std::path::{Path, PathBuf};

/// Built-in manifests: every file in the repository's `models/` folder.
const BUILT_IN: &[(&str, &str)] = &[(
    "qwen2.5-coder-1.5b-instruct.toml",
    include_str!("../../models/qwen2.5-coder-1.5b-instruct.toml"),
)];

/// The model cache directory: `$VIBRIEF_MODELS_DIR`, else `$XDG_CACHE_HOME/vibrief/models`,
/// else `$HOME/.cache/vibrief/models`.
pub fn cache_dir() -> Result<PathBuf, Error> {
    let var = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(dir) = var("VIBRIEF_MODELS_DIR") {
        return Ok(dir);
    }
    if let Some(xdg) = var("XDG_CACHE_HOME") {
        return Ok(xdg.join("vibrief/models"));
    }
    var("HOME")
        .map(|h| h.join(".cache/vibrief/models"))
        .ok_or(Error::NoCacheDir)
}

/// The known models and the cache directory they are kept in.
#[derive(Debug, Clone)]
pub struct Catalog {
    dir: PathBuf,
    manifests: Vec<Manifest>,
}

impl Catalog {
    /// The built-in manifests plus `<cache>/manifests/*.toml` (a user manifest replaces a
    /// built-in one of the same name), over the cache directory from [`cache_dir`].
    pub fn load() -> Result<Catalog, Error> {
        Catalog::in_dir(cache_dir()?)
    }

    /// Like [`Catalog::load`] with an explicit cache directory.
    pub fn in_dir(dir: PathBuf) -> Result<Catalog, Error> {
        let mut manifests = Vec::new();
        for (file, text) in BUILT_IN {
            manifests.push(Manifest::parse(text, &Path::new("built-in").join(file))?);
        }
        let user = dir.join("manifests");
        if user.is_dir() {
            let mut paths: Vec<PathBuf> = std::fs::read_dir(&user)
                .map_err(Error::io(&user))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            paths.sort();
            for path in paths {
                let text = std::fs::read_to_string(&path).map_err(Error::io(&path))?;
                let m = Manifest::parse(&text, &path)?;
                manifests.retain(|old| old.name != m.name);
                manifests.push(m);
            }
        }
        Ok(Catalog { dir, manifests })
    }

    /// The cache directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// All known models, built-in first.
    pub fn manifests(&self) -> &[Manifest] {
        &self.manifests
    }

    /// The model with this name.
    pub fn find(&self, name: &str) -> Option<&Manifest> {
        self.manifests.iter().find(|m| m.name == name)
    }

    /// The model with this name, or an error saying how to list them.
    pub fn get(&self, name: &str) -> Result<&Manifest, Error> {
        self.find(name)
            .ok_or_else(|| Error::UnknownModel(name.to_string()))
    }

    /// The model used when none is named.
    pub fn default_model(&self) -> &Manifest {
        self.manifests
            .iter()
            .find(|m| m.default)
            .unwrap_or(&self.manifests[0])
    }

    /// The directory holding a model's files.
    pub fn model_dir(&self, m: &Manifest) -> PathBuf {
        self.dir.join(&m.name)
    }

    /// Path of a model's main (first) file; hub models have none.
    pub fn file_path(&self, m: &Manifest) -> Result<PathBuf, Error> {
        match (&m.hub, m.files.first()) {
            (_, Some(f)) => Ok(self.model_dir(m).join(&f.name)),
            (Some(hub), None) => Err(Error::HubModel {
                name: m.name.clone(),
                hub: hub.clone(),
            }),
            (None, None) => Err(Error::UnknownModel(m.name.clone())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_in_models_is_built_in() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let mut built_in: Vec<String> = BUILT_IN.iter().map(|(n, _)| n.to_string()).collect();
        built_in.sort();
        assert_eq!(on_disk, built_in);
    }

    #[test]
    fn built_ins_parse_and_one_is_default() {
        let c = Catalog::in_dir(PathBuf::from("/nonexistent")).unwrap();
        assert_eq!(c.manifests().iter().filter(|m| m.default).count(), 1);
        let d = c.default_model();
        assert_eq!(
            d.files.iter().map(|f| f.parts.iter().len()).sum::<usize>(),
            22
        );
        assert_eq!(
            c.file_path(d).unwrap().parent().unwrap(),
            Path::new("/nonexistent").join(&d.name)
        );
    }

    #[test]
    fn user_manifests_extend_and_replace() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("manifests")).unwrap();
        std::fs::write(
            tmp.path().join("manifests/mine.toml"),
            "name = \"mine\"\nengine = \"bert\"\nformat = \"safetensors\"\nlicence = \"MIT\"\ncontext_length = 512\nhub = \"me/mine\"\n",
        )
        .unwrap();
        let c = Catalog::in_dir(tmp.path().to_path_buf()).unwrap();
        let m = c.get("mine").unwrap();
        assert!(matches!(c.file_path(m), Err(Error::HubModel { .. })));
        assert!(c
            .get("nope")
            .unwrap_err()
            .to_string()
            .contains("vibrief models list"));
    }
}
