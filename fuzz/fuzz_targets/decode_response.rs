//! Response decoding of every operation, with any status, headers and body.
#![no_main]
use homecom_core::{HttpResponse, OperationId};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let op = OperationId::ALL[data[0] as usize % OperationId::ALL.len()];
    let status = 100 + u16::from_le_bytes([data[1], data[2]]) % 500;
    let rest = &data[3..];
    let split = rest.iter().position(|b| *b == 0).unwrap_or(0);
    let retry_after = String::from_utf8_lossy(&rest[..split]).into_owned();
    let headers = vec![("retry-after".to_owned(), retry_after.clone()), ("x-api-version".to_owned(), retry_after)];
    let response = HttpResponse::new(status, headers, rest[split..].to_vec());
    match op.decode_json(&response) {
        Ok(_) => assert!((200..300).contains(&status)),
        Err(err) => assert!(!err.message.is_empty()),
    }
});
