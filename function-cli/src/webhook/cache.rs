//! The webhook's view of the cluster: every Function and Addon, kept by two watches
//! (kube's reflectors), read by each admission without a request to the API server.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use function_core::admission::Cluster;
use function_core::api::{Addon, Function};
use futures_util::StreamExt;
use kube::runtime::reflector::{self, ObjectRef, Store};
use kube::runtime::{WatchStreamExt, watcher};
use kube::{Api, Client};

/// The Functions and Addons of the cluster, as the watches last saw them.
#[derive(Clone)]
pub struct Cache {
    functions: Store<Function>,
    addons: Store<Addon>,
    ready: Arc<AtomicBool>,
}

impl Cache {
    /// Starts the two watches on the current tokio runtime; the cache is
    /// [`ready`](Self::ready) once both have listed every object.
    pub fn start(client: Client, log: super::Log) -> Self {
        let functions = watch::<Function>(Api::all(client.clone()), log.clone(), "functions");
        let addons = watch::<Addon>(Api::all(client), log.clone(), "addons");
        let ready = Arc::new(AtomicBool::new(false));
        let cache = Cache {
            functions,
            addons,
            ready: Arc::clone(&ready),
        };
        let waiting = cache.clone();
        tokio::spawn(async move {
            if waiting.functions.wait_until_ready().await.is_ok()
                && waiting.addons.wait_until_ready().await.is_ok()
            {
                ready.store(true, Ordering::Release);
                log.event(
                    "cache-synced",
                    &[
                        ("functions", waiting.functions.state().len().into()),
                        ("addons", waiting.addons.state().len().into()),
                    ],
                );
            }
        });
        cache
    }

    /// Whether both watches have listed every object once.
    pub fn ready(&self) -> bool {
        self.ready.load(Ordering::Acquire)
    }
}

fn watch<K>(api: Api<K>, log: super::Log, what: &'static str) -> Store<K>
where
    K: kube::Resource<DynamicType = ()>
        + Clone
        + std::fmt::Debug
        + serde::de::DeserializeOwned
        + Send
        + Sync
        + 'static,
{
    let (reader, writer) = reflector::store();
    let stream = watcher(api, watcher::Config::default())
        .default_backoff()
        .reflect(writer)
        .applied_objects();
    tokio::spawn(async move {
        let mut stream = std::pin::pin!(stream);
        while let Some(event) = stream.next().await {
            if let Err(e) = event {
                log.event(
                    "watch-error",
                    &[("resource", what.into()), ("error", e.to_string().into())],
                );
            }
        }
    });
    reader
}

impl Cluster for Cache {
    fn function(&self, name: &str) -> Option<Function> {
        self.functions
            .get(&ObjectRef::new(name))
            .map(|f| (*f).clone())
    }

    fn function_names(&self) -> Vec<String> {
        self.functions
            .state()
            .iter()
            .filter_map(|f| f.metadata.name.clone())
            .collect()
    }

    fn addons_using(&self, name: &str) -> Vec<Addon> {
        self.addons
            .state()
            .iter()
            .filter(|a| {
                a.spec
                    .backup_tasks
                    .iter()
                    .chain(&a.spec.restore_tasks)
                    .any(|t| t.function == name)
            })
            .map(|a| (**a).clone())
            .collect()
    }
}
