//! The multipart form of the upload pages and APIs: one file (`file`) and, for platform admins,
//! the center it is for (`center`, a center code).

use axum::extract::Multipart;

use crate::error::{AppError, AppResult};

pub struct Upload {
    /// (file name, bytes); None when no file or an empty one was sent.
    pub file: Option<(String, Vec<u8>)>,
    pub center: Option<String>,
}

/// Reads the form; a body over the route's limit is "too large".
pub async fn read(mut mp: Multipart, default_name: &str) -> AppResult<Upload> {
    let mut up = Upload {
        file: None,
        center: None,
    };
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|_| AppError::bad_request("import.bad_upload"))?
    {
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or(default_name).to_string();
                let bytes = field.bytes().await.map_err(|_| AppError::TooLarge)?;
                up.file = Some((name, bytes.to_vec())).filter(|(_, b)| !b.is_empty());
            }
            Some("center") => up.center = Some(field.text().await.unwrap_or_default()),
            _ => {}
        }
    }
    Ok(up)
}
