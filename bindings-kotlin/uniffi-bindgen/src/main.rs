//! `uniffi-bindgen`, built from the same UniFFI version as `homecom-kotlin` (library mode:
//! `uniffi-bindgen generate --library target/debug/libhomecom_kotlin.so --language kotlin ...`).

fn main() {
    uniffi::uniffi_bindgen_main()
}
