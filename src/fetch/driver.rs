//! Convenience drivers: loops that run a [`FetchController`] against a
//! closure standing for the network. They sit at the edge (the engine itself
//! never loops on I/O), for tests and simple embedders.

use super::*;

/// Runs a whole fetch with `respond` as the network: a convenience driver for
/// tests and simple embedders. Returns the outcome and every request sent.
/// The loop is bounded: a fetch sends at most 21 requests plus one preflight
/// per hop.
pub fn run_fetch(
    controller: FetchController,
    cache: &mut PreflightCache,
    now: Duration,
    respond: impl FnMut(&OutgoingRequest) -> Result<NetworkResponse, NetworkFailure>,
) -> (FetchOutcome, Vec<OutgoingRequest>) {
    run_fetch_with_address_spaces(controller, cache, now, |_| None, respond)
}

/// [`run_fetch`] with a resolver: `address_space_of` says which IP address
/// space each request's connection reaches, before it is sent (see
/// [`FetchController::handle_connection`]). A request Local Network Access
/// blocks is neither answered nor listed as sent.
pub fn run_fetch_with_address_spaces(
    mut controller: FetchController,
    cache: &mut PreflightCache,
    now: Duration,
    mut address_space_of: impl FnMut(&OutgoingRequest) -> Option<IpAddressSpace>,
    mut respond: impl FnMut(&OutgoingRequest) -> Result<NetworkResponse, NetworkFailure>,
) -> (FetchOutcome, Vec<OutgoingRequest>) {
    let mut sent = Vec::new();
    for _ in 0..(2 * (redirect::REDIRECT_LIMIT as usize + 1) + 2) {
        match controller.poll(cache, now) {
            Ok(Action::Done(outcome)) => return (outcome, sent),
            Ok(Action::Send(request)) => {
                match controller.handle_connection(address_space_of(&request), cache) {
                    Ok(Connection::Proceed) => {}
                    Ok(Connection::Blocked) => continue,
                    Err(_) => break,
                }
                let answer = respond(&request);
                sent.push(request);
                let handled = match answer {
                    Ok(response) => controller.handle_response(response, cache, now),
                    Err(failure) => controller.handle_network_failure(failure, cache),
                };
                if handled.is_err() {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    (
        FetchOutcome::NetworkError(NetworkError::internal(&controller.request)),
        sent,
    )
}
