//! Convenience drivers: loops that run a [`FetchController`] against a
//! closure standing for the network. They sit at the edge (the engine itself
//! never loops on I/O), for tests and simple embedders; [`trace_fetch`] also
//! keeps every response, for explanations.

use super::*;

/// Runs a whole fetch with `respond` as the network: a convenience driver for
/// tests and simple embedders. Returns the outcome and every request sent.
/// The loop is bounded: a fetch sends at most 21 requests plus one preflight
/// per hop.
pub fn run_fetch(
    controller: FetchController<'_>,
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
    mut controller: FetchController<'_>,
    cache: &mut PreflightCache,
    now: Duration,
    mut address_space_of: impl FnMut(&OutgoingRequest) -> Option<IpAddressSpace>,
    mut respond: impl FnMut(&OutgoingRequest) -> Result<NetworkResponse, NetworkFailure>,
) -> (FetchOutcome, Vec<OutgoingRequest>) {
    // Room for a preflight and its request: one allocation, no growing.
    let mut sent = Vec::with_capacity(2);
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

/// One request the engine sent and what came back.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// The request as put on the wire.
    pub request: OutgoingRequest,
    /// The response, or the network's failure description.
    pub response: Result<NetworkResponse, NetworkFailure>,
}

/// A fetch's outcome with every exchange it made.
#[must_use]
#[derive(Clone, Debug)]
pub struct Trace {
    /// How the fetch ended.
    pub outcome: FetchOutcome,
    /// Every request sent, with its response, in order.
    pub exchanges: Vec<Exchange>,
}

/// Runs one fetch with a fresh CORS-preflight cache, recording every
/// response `respond` gives.
pub fn trace_fetch(
    request: Request,
    profile: &Profile,
    respond: impl FnMut(&OutgoingRequest) -> Result<NetworkResponse, NetworkFailure>,
) -> Trace {
    let partition = request.origin.ascii_serialization().to_owned();
    let controller = FetchController::new(request, profile, partition);
    trace_controller(controller, profile, |_| None, respond)
}

/// [`trace_fetch`] for a controller the caller set up (a Local Network
/// Access client, its own partition), with `address_space_of` as in
/// [`run_fetch_with_address_spaces`]. The cache is fresh, sized by `profile`.
pub fn trace_controller(
    controller: FetchController<'_>,
    profile: &Profile,
    address_space_of: impl FnMut(&OutgoingRequest) -> Option<IpAddressSpace>,
    mut respond: impl FnMut(&OutgoingRequest) -> Result<NetworkResponse, NetworkFailure>,
) -> Trace {
    let mut cache = PreflightCache::new(profile.preflight_cache.capacity);
    let mut answers = Vec::new();
    let (outcome, sent) = run_fetch_with_address_spaces(
        controller,
        &mut cache,
        Duration::ZERO,
        address_space_of,
        |r| {
            let answer = respond(r);
            answers.push(answer.clone());
            answer
        },
    );
    Trace {
        outcome,
        exchanges: sent
            .into_iter()
            .zip(answers)
            .map(|(request, response)| Exchange { request, response })
            .collect(),
    }
}
