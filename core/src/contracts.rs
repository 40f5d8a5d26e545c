//! Contracts (§2.2): the partner's contracts with appliance owners, and their lifecycle.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::http::NoContent;
use crate::operation::{Operation, OperationId, PathParams};
use crate::platform::gateway_op;
use crate::validation::Report;
pub use crate::webhooks::events::ContractStatus;

/// A contract between the partner and an appliance owner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contract {
    /// The appliance. \[seed v1.17\]
    pub gateway_id: String,
    /// Where the contract stands. \[seed v1.17\]
    pub status: ContractStatus,
    /// When the status last changed. \[seed v1.17\]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_date: Option<String>,
    /// The appliance owner's user id. \[seed 2024-07-30\]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The partner's user who handled the contract. \[seed v1.21\]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_user_id: Option<String>,
    /// Address lines (was `street` before 2023-12-01). \[seed\]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_lines: Option<Vec<String>>,
    /// Postal code. \[assumed\]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// City. \[assumed\]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Country. \[assumed\]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Fields this SDK version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

open_enum! {
    /// What the partner does with a contract (`PATCH /contracts/{gatewayId}`). \[seed v1.32\]
    pub enum ContractAction {
        /// Accept a pending contract.
        Accept => "ACCEPT",
        /// Reject a pending contract.
        Reject => "REJECT",
        /// Revoke an active contract.
        Revoke => "REVOKE",
    }
}

/// Body of `PATCH /contracts/{gatewayId}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContractUpdate {
    /// The action.
    pub action: ContractAction,
}

/// A step of the contract lifecycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Transition {
    /// The partner's `PATCH` with this action.
    Partner(&'static str),
    /// The end user closes the contract (outside the API).
    EndUserClose,
    /// The partner acknowledges a closed contract (`DELETE`); the contract is gone afterwards.
    Acknowledge,
}

/// The lifecycle (§2.2): `(from, step, to)`; anything else is a 409. `to = None`: gone. \[assumed\]
pub static TRANSITIONS: &[(&str, Transition, Option<&str>)] = &[
    ("PENDING", Transition::Partner("ACCEPT"), Some("ACTIVE")),
    ("PENDING", Transition::Partner("REJECT"), Some("REJECTED")),
    ("ACTIVE", Transition::Partner("REVOKE"), Some("REVOKED")),
    ("ACTIVE", Transition::EndUserClose, Some("CLOSED")),
    ("CLOSED", Transition::Acknowledge, None),
];

/// The status a contract in `from` reaches by `step`: `Ok(Some(to))`, `Ok(None)` when it is
/// gone, or `Err` with a message when the step is illegal (409).
pub fn transition(from: &ContractStatus, step: Transition) -> Result<Option<ContractStatus>, String> {
    TRANSITIONS
        .iter()
        .find(|(f, s, _)| *f == from.as_str() && *s == step)
        .map(|(_, _, to)| to.map(ContractStatus::from_wire))
        .ok_or_else(|| {
            let what = match step {
                Transition::Partner(action) => format!("action {action}"),
                Transition::EndUserClose => "closing by the end user".to_owned(),
                Transition::Acknowledge => "acknowledging (DELETE)".to_owned(),
            };
            format!("{what} is not allowed on a contract in status {from}")
        })
}

/// `GET /contracts`: every contract of the partner, all statuses. \[seed v1.17\]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListContracts {}

impl Operation for ListContracts {
    type Output = Vec<Contract>;
    const ID: OperationId = OperationId::ListContracts;
    fn path_params(&self) -> PathParams<'_> {
        PathParams::default()
    }
}

gateway_op!(
    /// `GET /contracts/{gatewayId}`: the contract of one appliance, any status. \[seed v1.17, v1.31\]
    GetContract, GetContract, Contract
);
gateway_op!(
    /// `GET /hvacs/{gatewayId}/contract`: deprecated since v1.17; use [`GetContract`].
    #[deprecated(since = "0.1.0", note = "deprecated by the API in v1.17: use GetContract (GET /contracts/{gatewayId})")]
    GetHvacContract, GetHvacContract, Contract
);
gateway_op!(
    /// `DELETE /contracts/{gatewayId}`: acknowledges a contract the end user closed. \[seed v1.32\]
    DeleteContract, DeleteContract, NoContent
);

/// `PATCH /contracts/{gatewayId}`: accepts, rejects or revokes a contract. \[seed v1.32\]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateContract {
    /// The appliance.
    pub gateway_id: String,
    /// The action.
    pub body: ContractUpdate,
}

impl Operation for UpdateContract {
    type Output = Contract;
    const ID: OperationId = OperationId::UpdateContract;
    fn path_params(&self) -> PathParams<'_> {
        PathParams {
            gateway_id: Some(&self.gateway_id),
            ..Default::default()
        }
    }
    fn body(&self) -> Option<Value> {
        serde_json::to_value(&self.body).ok()
    }
    fn check(&self) -> Report {
        let mut report = Report::new();
        report.known("action", self.body.action.is_known(), self.body.action.as_str());
        report
    }
}
