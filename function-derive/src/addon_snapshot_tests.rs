//! Snapshots of `addon!`'s expansion (formatted with prettyplease) and of its errors, for
//! representative inputs; and unit tests of what its model rejects.

use proc_macro2::TokenStream;
use quote::quote;

/// Expands `addon!` as function-core calls it (`(::function_core) api ...`), formatted.
fn expand(input: TokenStream) -> String {
    let tokens = crate::addon::addon(quote!((::function_core) api #input));
    let file: syn::File = syn::parse2(tokens).expect("the expansion is a valid file");
    prettyplease::unparse(&file)
}

/// The messages of the errors `addon!` reports for `input`, in order.
fn errors(input: TokenStream) -> Vec<String> {
    let cx = crate::ctxt::Ctxt::default();
    let _ = crate::addon::Addon::from_tokens(&cx, quote!((::function_core) api #input));
    cx.messages()
}

macro_rules! assert_addon_expansion {
    ($($input:tt)*) => {{
        let mut settings = insta::Settings::clone_current();
        settings.set_omit_expression(true);
        settings.bind(|| insta::assert_snapshot!(expand(quote!($($input)*))));
    }};
}

#[test]
fn addon_every_key() {
    assert_addon_expansion! {
        /// Backs up PVCs with restic.
        pub struct PvcAddon {
            name: "pvc-addon",
            backup_tasks: [
                {
                    name: "logical-backup",
                    function: PvcBackup,
                    driver: Restic,
                    executor: Job,
                    singleton: true,
                    overrides: [paths { required: true, usage: "Paths." }],
                    volume_template: [
                        { name: "data", source: persistent_volume_claim("${PVC_NAME}") },
                        { name: "tmp", usage: "Scratch.", source: empty_dir() },
                    ],
                    volume_mounts: [{ name: "data", mount_path: "/data", read_only: true }],
                },
            ],
            restore_tasks: [{
                name: "restore",
                function: PvcRestore,
                parameters: [paths, enableCache { default: "false" }, { name: "extra", usage: "More." }],
            }],
        }
    }
}

/// `Other("...")`: a driver or executor the API enums do not list, as the manifest writes it.
#[test]
fn addon_other_enum_values() {
    assert_addon_expansion! {
        pub struct MilvusAddon {
            name: "milvus-addon",
            backup_tasks: [{ name: "b", function: MilvusBackup, driver: Other("Milvus"), executor: Other("Pod") }],
        }
    }
}

/// Without function-core's `api` feature: the unit struct only, after the same checks.
#[test]
fn addon_lean_build_declares_the_struct_only() {
    let tokens = crate::addon::addon(quote! {
        (::function_core) lean
        /// Doc.
        pub struct A { name: "a", backup_tasks: [{ name: "b", function: B }] }
    });
    let file: syn::File = syn::parse2(tokens).expect("valid");
    insta::assert_snapshot!(prettyplease::unparse(&file));
}

#[test]
fn every_repeated_key_is_an_error_on_its_token() {
    assert_eq!(
        errors(quote! {
            pub struct A {
                name: "a",
                name: "b",
                backup_tasks: [{
                    name: "t", function: F, function: G, driver: Restic, driver: WalG,
                    executor: Job, executor: Job, singleton: true, singleton: false,
                    volume_mounts: [], volume_mounts: [],
                    volume_template: [{ name: "v", name: "w", source: empty_dir() }],
                    overrides: [x { default: "1", default: "2" }],
                }],
                backup_tasks: [],
            }
        }),
        [
            "duplicate key `name` in addon!",
            "duplicate key `function` in a task",
            "duplicate key `driver` in a task",
            "duplicate key `executor` in a task",
            "duplicate key `singleton` in a task",
            "duplicate key `volume_mounts` in a task",
            "duplicate key `name` in a volume template",
            "duplicate key `default` in a parameter",
            "duplicate key `backup_tasks` in addon!",
        ]
    );
}

#[test]
fn misspelt_keys_get_a_suggestion_and_every_error_is_collected() {
    let found = errors(quote! {
        pub struct A {
            nmae: "a",
            backup_tasks: [{ name: "t", fuction: F, singelton: true }, { name: "u" }],
            restore_tasks: [{ function: G, parameters: [x], overrides: [y] }],
        }
    });
    assert_eq!(
        found,
        [
            "unknown key `nmae` in addon! (did you mean `name`?); expected one of: `name`, \
             `backup_tasks`, `restore_tasks`",
            "unknown key `fuction` in a task (did you mean `function`?); expected one of: `name`, \
             `function`, `driver`, `executor`, `singleton`, `parameters`, `overrides`, \
             `volume_template`, `volume_mounts`",
            "unknown key `singelton` in a task (did you mean `singleton`?); expected one of: \
             `name`, `function`, `driver`, `executor`, `singleton`, `parameters`, `overrides`, \
             `volume_template`, `volume_mounts`",
            "missing `function`: a task needs `function: Type` (a #[derive(Function)] type)",
            "give either `parameters` or `overrides`, not both",
            "missing `name`: a task needs `name: \"...\"`",
        ]
    );
}

#[test]
fn malformed_input_is_one_error_naming_the_grammar() {
    assert_eq!(
        errors(quote!(
            enum A {}
        )),
        [
            "expected `addon! { [#[attributes]] [pub] struct Name { name: \"...\", backup_tasks: \
          [...], restore_tasks: [...] } }`"
        ]
    );
    assert_eq!(
        errors(quote!(struct A { name: "a", backup_tasks: { } })),
        ["`backup_tasks` takes a list: `[{ name: \"...\", function: Type, ... }, ...]`"]
    );
    assert_eq!(
        errors(
            quote!(struct A { name: "a", restore_tasks: [{ name: "r", function: F, overrides: [{ name: "x" }] }] })
        ),
        ["`overrides` entries name a derived parameter: `var { default: \"...\" }`"]
    );
}
