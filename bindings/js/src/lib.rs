//! The WebAssembly exports behind the npm package `sdpcheck`.
//!
//! Each export takes bytes and an options JSON text, and returns JSON text
//! that the package's JavaScript (`js/core.js`) parses into plain objects:
//! one `JSON.parse` is cheaper than building the objects field by field
//! across the boundary, and the text is the CLI's own `--format json`. Every
//! call into the library is in `api.rs`; this file only binds.
//!
//! A bad option throws (a JavaScript `Error`); anything about the input is
//! a value in the returned document, never an exception.

use wasm_bindgen::prelude::*;

pub mod api;

/// `check(sdp, options)`: one description.
///
/// # Errors
///
/// A bad option.
#[wasm_bindgen(js_name = checkJson)]
pub fn check_json(input: &[u8], options: &str) -> Result<String, JsError> {
    let settings = api::settings(options).map_err(|e| JsError::new(&e))?;
    Ok(api::check(input, &settings))
}

/// `checkPair(offer, answer, options)`.
///
/// # Errors
///
/// A bad option.
#[wasm_bindgen(js_name = checkPairJson)]
pub fn check_pair_json(offer: &[u8], answer: &[u8], options: &str) -> Result<String, JsError> {
    let settings = api::settings(options).map_err(|e| JsError::new(&e))?;
    Ok(api::check_pair(offer, answer, &settings))
}

/// `extract(text, options)`: every SDP in a log. An input without SDP gives
/// the empty document with an `error` message, as a value.
///
/// # Errors
///
/// A bad option.
#[wasm_bindgen(js_name = extractJson)]
pub fn extract_json(input: &[u8], options: &str) -> Result<String, JsError> {
    let settings = api::settings(options).map_err(|e| JsError::new(&e))?;
    Ok(api::extract(input, &settings).unwrap_or_else(|| {
        let message = api::no_sdp_message(api::source(&settings));
        // The shape of an empty `--format json` document, plus the error.
        serde_json::json!({
            "version": 1,
            "sdps": [],
            "pairs": [],
            "unpaired_answers": [],
            "diagnostics": [],
            "summary": {"sdps": 0, "errors": 0, "warnings": 0, "advice": 0},
            "error": message,
        })
        .to_string()
    }))
}

/// `explain(topic)`: a rule's or a field code's documentation as JSON, or
/// `undefined` for an unknown topic.
#[wasm_bindgen(js_name = explainJson)]
pub fn explain_json(topic: &str) -> Option<String> {
    api::explain(topic)
}

/// `rules()`: every rule as JSON.
#[wasm_bindgen(js_name = rulesJson)]
pub fn rules_json() -> String {
    api::rules()
}
