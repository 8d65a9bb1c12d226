//! Scenario JSON to simulation: parsing, running, simulating and verifying
//! never panic, for every browser profile; a fetch sends at most 21 requests
//! (the first and 20 redirects) plus one preflight per hop.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xorigin::browser::BrowserName;
use xorigin::fetch::RequestKind;
use xorigin::scenario::{Scenario, run_scenario, simulate, verify};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(scenario) = Scenario::from_json(text) else {
        return;
    };
    for browser in BrowserName::ALL {
        let profile = browser.profile();
        if let Ok(runs) = run_scenario(&scenario, profile) {
            assert_eq!(runs.len(), scenario.fetches.len());
            for run in &runs {
                let main = run
                    .sent
                    .iter()
                    .filter(|r| r.kind == RequestKind::Main)
                    .count();
                assert!(main <= 21, "{main} requests sent");
                assert!(
                    run.sent.len() <= 21 + 21,
                    "{} requests sent",
                    run.sent.len()
                );
            }
        }
        let _ = verify(&scenario, profile);
        if let Ok(simulated) = simulate(&scenario, profile) {
            // The prediction round-trips through the format.
            let json = simulated.to_json_pretty();
            let back = Scenario::from_json(&json);
            assert!(
                back.is_ok(),
                "simulated scenario does not parse back: {back:?}"
            );
        }
    }
});
