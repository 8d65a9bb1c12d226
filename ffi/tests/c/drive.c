/*
 * Drives the C ABI as a browser with its own networking would: a preflighted
 * fetch through the handles (the preflight cached and reused), a preflight
 * that fails, a network failure, a fetch() that throws, every kind of bad
 * argument, and the one-shot JSON calls. With file arguments, also runs each
 * file (a scenario) through xorigin_simulate.
 *
 * Build: cc -std=c11 -Wall -Wextra -Werror -I ffi/include ffi/tests/c/drive.c \
 *          target/release/libxorigin_ffi.a -lpthread -ldl -lm -o drive
 * Exit status: 0 when every check holds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xorigin.h"

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    checks++;                                                                  \
    if (!(cond)) {                                                             \
      failures++;                                                              \
      fprintf(stderr, "%s:%d: check failed: %s (last error: %s)\n", __FILE__,  \
              __LINE__, #cond, xorigin_last_error_message());                  \
    }                                                                          \
  } while (0)

#define CONTAINS(json, needle) ((json) != NULL && strstr((json), (needle)) != NULL)

static const char *PAGE = "https://app.a.test";
static const char *PUT_JSON =
    "{\"url\": \"https://api.b.test/items/1\", \"method\": \"PUT\","
    " \"headers\": [[\"Content-Type\", \"application/json\"]], \"body\": \"{}\"}";

static XoriginHeader header(const char *name, const char *value) {
  XoriginHeader h = {(const uint8_t *)name, strlen(name), (const uint8_t *)value,
                     strlen(value)};
  return h;
}

/* Polls once; returns the JSON (owned by the caller) and sets *kind. */
static char *poll(XoriginFetch *fetch, uint64_t now_ms, XoriginPollKind *kind) {
  char *json = NULL;
  XoriginStatus status = xorigin_fetch_poll(fetch, now_ms, kind, &json);
  CHECK(status == XORIGIN_STATUS_OK);
  return json;
}

static void preflighted_fetch_is_cached_and_reused(void) {
  XoriginBrowser *browser = NULL;
  CHECK(xorigin_browser_new("chromium", &browser) == XORIGIN_STATUS_OK);
  XoriginFetch *fetch = NULL;
  CHECK(xorigin_fetch_start(browser, PAGE, NULL, PUT_JSON, &fetch) == XORIGIN_STATUS_OK);

  XoriginPollKind kind = 0;
  char *json = poll(fetch, 1000, &kind);
  CHECK(kind == XORIGIN_POLL_KIND_SEND);
  CHECK(CONTAINS(json, "\"kind\":\"preflight\""));
  CHECK(CONTAINS(json, "\"method\":\"OPTIONS\""));
  CHECK(CONTAINS(json, "[\"Access-Control-Request-Method\",\"PUT\"]"));
  CHECK(CONTAINS(json, "[\"Access-Control-Request-Headers\",\"content-type\"]"));
  xorigin_string_free(json);

  /* Polling again before answering is out of order. */
  char *none = (char *)1;
  CHECK(xorigin_fetch_poll(fetch, 1000, &kind, &none) == XORIGIN_STATUS_OUT_OF_ORDER);
  CHECK(none == NULL);
  CHECK(strlen(xorigin_last_error_message()) > 0);

  /* The preflight's answer, as structs. */
  XoriginHeader preflight[] = {
      header("Access-Control-Allow-Origin", "https://app.a.test"),
      header("Access-Control-Allow-Methods", "PUT"),
      header("Access-Control-Allow-Headers", "Content-Type"),
      header("Access-Control-Max-Age", "600"),
  };
  CHECK(xorigin_fetch_response(fetch, 1005, 204, preflight, 4, NULL, 0) == XORIGIN_STATUS_OK);
  CHECK(strcmp(xorigin_last_error_message(), "") == 0);

  json = poll(fetch, 1010, &kind);
  CHECK(kind == XORIGIN_POLL_KIND_SEND);
  CHECK(CONTAINS(json, "\"kind\":\"main\""));
  CHECK(CONTAINS(json, "\"method\":\"PUT\""));
  CHECK(CONTAINS(json, "\"body\":\"{}\""));
  xorigin_string_free(json);

  /* The request's answer, as JSON. */
  CHECK(xorigin_fetch_response_json(
            fetch, 1020,
            "{\"status\": 200, \"headers\": [[\"Access-Control-Allow-Origin\", "
            "\"https://app.a.test\"], [\"Content-Type\", \"application/json\"]],"
            " \"body\": \"{\\\"id\\\": 1}\"}") == XORIGIN_STATUS_OK);
  json = poll(fetch, 1030, &kind);
  CHECK(kind == XORIGIN_POLL_KIND_DONE);
  CHECK(CONTAINS(json, "\"result\":\"ok\""));
  CHECK(CONTAINS(json, "\"type\":\"cors\""));
  CHECK(CONTAINS(json, "\"status\":200"));
  xorigin_string_free(json);
  /* After the outcome, nothing more. */
  CHECK(xorigin_fetch_poll(fetch, 1030, &kind, &json) == XORIGIN_STATUS_OUT_OF_ORDER);
  CHECK(xorigin_fetch_response_json(fetch, 1030, "{\"status\": 200}") ==
        XORIGIN_STATUS_OUT_OF_ORDER);
  xorigin_fetch_free(fetch);

  size_t entries = 0;
  CHECK(xorigin_browser_preflight_cache_len(browser, &entries) == XORIGIN_STATUS_OK);
  /* Fetch's cache holds a method entry (PUT) and a header-name entry
     (content-type). */
  CHECK(entries == 2);

  /* The same request within Max-Age: the cached preflight is reused, so the
     first request on the wire is the PUT itself. The browser is freed
     before the fetch: the fetch keeps what it needs. */
  CHECK(xorigin_fetch_start(browser, PAGE, NULL, PUT_JSON, &fetch) == XORIGIN_STATUS_OK);
  xorigin_browser_free(browser);
  json = poll(fetch, 2000, &kind);
  CHECK(kind == XORIGIN_POLL_KIND_SEND);
  CHECK(CONTAINS(json, "\"kind\":\"main\""));
  xorigin_string_free(json);
  XoriginHeader answer[] = {header("Access-Control-Allow-Origin", "*")};
  const char *body = "{}";
  CHECK(xorigin_fetch_response(fetch, 2001, 200, answer, 1, (const uint8_t *)body, 2) ==
        XORIGIN_STATUS_OK);
  json = poll(fetch, 2002, &kind);
  CHECK(kind == XORIGIN_POLL_KIND_DONE);
  CHECK(CONTAINS(json, "\"result\":\"ok\""));
  xorigin_string_free(json);
  xorigin_fetch_free(fetch);
}

static void a_failed_preflight_and_a_network_failure_are_network_errors(void) {
  XoriginBrowser *browser = NULL;
  CHECK(xorigin_browser_new("firefox", &browser) == XORIGIN_STATUS_OK);
  XoriginFetch *fetch = NULL;
  XoriginPollKind kind = 0;
  char *json = NULL;

  /* The preflight's answer lacks Access-Control-Allow-Origin. */
  CHECK(xorigin_fetch_start(browser, PAGE, NULL, PUT_JSON, &fetch) == XORIGIN_STATUS_OK);
  xorigin_string_free(poll(fetch, 0, &kind));
  CHECK(xorigin_fetch_response(fetch, 0, 204, NULL, 0, NULL, 0) == XORIGIN_STATUS_OK);
  json = poll(fetch, 0, &kind);
  CHECK(kind == XORIGIN_POLL_KIND_DONE);
  CHECK(CONTAINS(json, "\"result\":\"network-error\""));
  CHECK(CONTAINS(json, "\"kind\":\"preflight\""));
  CHECK(CONTAINS(json, "\"request_kind\":\"preflight\""));
  xorigin_string_free(json);
  xorigin_fetch_free(fetch);

  /* A simple GET whose connection is refused. */
  CHECK(xorigin_fetch_start(browser, PAGE, NULL, "{\"url\": \"https://api.b.test/x\"}",
                            &fetch) == XORIGIN_STATUS_OK);
  json = poll(fetch, 0, &kind);
  CHECK(kind == XORIGIN_POLL_KIND_SEND);
  CHECK(CONTAINS(json, "\"method\":\"GET\""));
  CHECK(CONTAINS(json, "\"body\":null"));
  xorigin_string_free(json);
  CHECK(xorigin_fetch_network_failure(fetch, "no-such-failure", NULL) ==
        XORIGIN_STATUS_INVALID_ARGUMENT);
  CHECK(xorigin_fetch_network_failure(fetch, "connection-refused", "ECONNREFUSED") ==
        XORIGIN_STATUS_OK);
  json = poll(fetch, 0, &kind);
  CHECK(kind == XORIGIN_POLL_KIND_DONE);
  CHECK(CONTAINS(json, "\"failure\":\"connection-refused\""));
  CHECK(CONTAINS(json, "\"detail\":\"ECONNREFUSED\""));
  xorigin_string_free(json);
  xorigin_fetch_free(fetch);

  /* fetch() throws on a forbidden method: the first poll is the error. */
  CHECK(xorigin_fetch_start(browser, PAGE, NULL,
                            "{\"url\": \"https://api.b.test/x\", \"method\": \"CONNECT\"}",
                            &fetch) == XORIGIN_STATUS_OK);
  json = poll(fetch, 0, &kind);
  CHECK(kind == XORIGIN_POLL_KIND_DONE);
  CHECK(CONTAINS(json, "\"result\":\"network-error\""));
  CHECK(CONTAINS(json, "\"kind\":\"request\""));
  xorigin_string_free(json);
  CHECK(xorigin_fetch_poll(fetch, 0, &kind, &json) == XORIGIN_STATUS_OUT_OF_ORDER);
  xorigin_fetch_free(fetch);
  xorigin_browser_free(browser);
}

static void bad_arguments_are_errors_not_crashes(void) {
  XoriginBrowser *browser = (XoriginBrowser *)1;
  CHECK(xorigin_browser_new("safari", &browser) == XORIGIN_STATUS_UNKNOWN_BROWSER);
  CHECK(browser == NULL);
  CHECK(CONTAINS(xorigin_last_error_message(), "safari"));
  CHECK(xorigin_browser_new(NULL, &browser) == XORIGIN_STATUS_NULL_POINTER);
  CHECK(xorigin_browser_new("webkit", NULL) == XORIGIN_STATUS_NULL_POINTER);
  CHECK(xorigin_browser_new("\xff\xfe", &browser) == XORIGIN_STATUS_INVALID_UTF8);
  CHECK(xorigin_browser_new("webkit", &browser) == XORIGIN_STATUS_OK);

  XoriginFetch *fetch = (XoriginFetch *)1;
  CHECK(xorigin_fetch_start(NULL, PAGE, NULL, PUT_JSON, &fetch) == XORIGIN_STATUS_NULL_POINTER);
  CHECK(fetch == NULL);
  CHECK(xorigin_fetch_start(browser, "not an origin", NULL, PUT_JSON, &fetch) ==
        XORIGIN_STATUS_INVALID_ARGUMENT);
  CHECK(xorigin_fetch_start(browser, PAGE, "::", PUT_JSON, &fetch) ==
        XORIGIN_STATUS_INVALID_ARGUMENT);
  CHECK(xorigin_fetch_start(browser, PAGE, NULL, "{\"url\": 1}", &fetch) ==
        XORIGIN_STATUS_INVALID_JSON);
  CHECK(xorigin_fetch_start(browser, PAGE, NULL, "{\"url\": \"/x\", \"metod\": \"PUT\"}",
                            &fetch) == XORIGIN_STATUS_INVALID_JSON);
  CHECK(CONTAINS(xorigin_last_error_message(), "metod"));
  CHECK(xorigin_fetch_start(browser, PAGE, NULL, "{\"url\": \"/x\", \"destination\": \"video\"}",
                            &fetch) == XORIGIN_STATUS_INVALID_REQUEST);

  /* A fetch in an iframe under another site: its own preflight partition. */
  CHECK(xorigin_fetch_start(browser, PAGE, "https://top.c.test", PUT_JSON, &fetch) ==
        XORIGIN_STATUS_OK);
  XoriginPollKind kind = 0;
  char *json = NULL;
  CHECK(xorigin_fetch_response_json(fetch, 0, "{\"status\": 200}") ==
        XORIGIN_STATUS_OUT_OF_ORDER);
  CHECK(xorigin_fetch_poll(fetch, 0, NULL, &json) == XORIGIN_STATUS_NULL_POINTER);
  CHECK(xorigin_fetch_poll(fetch, 0, &kind, NULL) == XORIGIN_STATUS_NULL_POINTER);
  CHECK(xorigin_fetch_poll(NULL, 0, &kind, &json) == XORIGIN_STATUS_NULL_POINTER);
  xorigin_string_free(poll(fetch, 0, &kind));
  CHECK(kind == XORIGIN_POLL_KIND_SEND);
  /* Wrong sizes: a NULL array with a length, a length no array can have. */
  CHECK(xorigin_fetch_response(fetch, 0, 204, NULL, 3, NULL, 0) == XORIGIN_STATUS_NULL_POINTER);
  XoriginHeader one[] = {header("Access-Control-Allow-Origin", "*")};
  CHECK(xorigin_fetch_response(fetch, 0, 204, one, SIZE_MAX, NULL, 0) ==
        XORIGIN_STATUS_INVALID_ARGUMENT);
  CHECK(xorigin_fetch_response(fetch, 0, 204, one, 1, NULL, 10) == XORIGIN_STATUS_NULL_POINTER);
  XoriginHeader null_name[] = {{NULL, 4, (const uint8_t *)"x", 1}};
  CHECK(xorigin_fetch_response(fetch, 0, 204, null_name, 1, NULL, 0) ==
        XORIGIN_STATUS_NULL_POINTER);
  XoriginHeader bad_name[] = {header("Bad Name", "x")};
  CHECK(xorigin_fetch_response(fetch, 0, 204, bad_name, 1, NULL, 0) ==
        XORIGIN_STATUS_INVALID_ARGUMENT);
  XoriginHeader bad_value[] = {header("X-A", "a\r\nSet-Cookie: b")};
  CHECK(xorigin_fetch_response(fetch, 0, 204, bad_value, 1, NULL, 0) ==
        XORIGIN_STATUS_INVALID_ARGUMENT);
  CHECK(xorigin_fetch_response(fetch, 0, 42, NULL, 0, NULL, 0) ==
        XORIGIN_STATUS_INVALID_ARGUMENT);
  CHECK(xorigin_fetch_response_json(fetch, 0, "{\"status\": 204, \"extra\": 1}") ==
        XORIGIN_STATUS_INVALID_JSON);
  CHECK(xorigin_fetch_response_json(fetch, 0, NULL) == XORIGIN_STATUS_NULL_POINTER);
  CHECK(xorigin_fetch_network_failure(fetch, NULL, NULL) == XORIGIN_STATUS_NULL_POINTER);
  /* None of those consumed the outstanding request. */
  CHECK(xorigin_fetch_network_failure(fetch, "timeout", NULL) == XORIGIN_STATUS_OK);
  xorigin_string_free(poll(fetch, 0, &kind));
  CHECK(kind == XORIGIN_POLL_KIND_DONE);
  xorigin_fetch_free(fetch);

  size_t entries = 99;
  CHECK(xorigin_browser_preflight_cache_len(browser, &entries) == XORIGIN_STATUS_OK);
  CHECK(entries == 0);
  CHECK(xorigin_browser_preflight_cache_len(NULL, &entries) == XORIGIN_STATUS_NULL_POINTER);
  CHECK(xorigin_browser_preflight_cache_len(browser, NULL) == XORIGIN_STATUS_NULL_POINTER);
  xorigin_browser_free(browser);

  /* NULL is ignored by the free functions. */
  xorigin_browser_free(NULL);
  xorigin_fetch_free(NULL);
  xorigin_string_free(NULL);
}

static void one_shot_json_calls(void) {
  const char *scenario =
      "{\"id\": \"simple-get\", \"client\": {\"origin\": \"https://app.a.test\"},"
      " \"server\": [{\"method\": \"GET\", \"url\": \"https://api.b.test/x\", \"status\": 200,"
      " \"headers\": [[\"Access-Control-Allow-Origin\", \"*\"]]}],"
      " \"fetches\": [{\"request\": {\"url\": \"https://api.b.test/x\"}}]}";
  char *json = NULL;
  CHECK(xorigin_simulate(scenario, "chromium", &json) == XORIGIN_STATUS_OK);
  CHECK(CONTAINS(json, "\"expect\":{\"result\":\"ok\""));
  CHECK(CONTAINS(json, "\"response_type\":\"cors\""));
  xorigin_string_free(json);
  CHECK(xorigin_simulate(scenario, NULL, &json) == XORIGIN_STATUS_OK);
  xorigin_string_free(json);
  json = (char *)1;
  CHECK(xorigin_simulate("{", NULL, &json) == XORIGIN_STATUS_INVALID_JSON);
  CHECK(json == NULL);
  CHECK(xorigin_simulate(scenario, "opera", &json) == XORIGIN_STATUS_UNKNOWN_BROWSER);
  CHECK(xorigin_simulate(NULL, NULL, &json) == XORIGIN_STATUS_NULL_POINTER);
  CHECK(xorigin_simulate(scenario, NULL, NULL) == XORIGIN_STATUS_NULL_POINTER);

  const char *check =
      "{\"url\": \"https://api.b.test/items\", \"origin\": \"https://app.a.test\","
      " \"method\": \"PUT\", \"headers\": {\"Content-Type\": \"application/json\"},"
      " \"preflight\": {\"status\": 204, \"headers\": [[\"Access-Control-Allow-Origin\","
      " \"https://app.a.test\"]]}}";
  CHECK(xorigin_check(check, &json) == XORIGIN_STATUS_OK);
  CHECK(CONTAINS(json, "\"verdict\":\"blocked\""));
  CHECK(CONTAINS(json, "\"blocked_in\":[\"chromium\",\"firefox\",\"webkit\"]"));
  xorigin_string_free(json);
  CHECK(xorigin_check("{\"url\": \"https://b.test/\", \"origin\": \"https://a.test\","
                      " \"mode\": \"sideways\"}",
                      &json) == XORIGIN_STATUS_INVALID_JSON);
  CHECK(CONTAINS(xorigin_last_error_message(), "mode"));
  CHECK(xorigin_check("{\"url\": \"http://[::1\", \"origin\": \"https://a.test\"}", &json) ==
        XORIGIN_STATUS_INVALID_REQUEST);
}

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  size_t cap = 4096, len = 0;
  char *buf = malloc(cap);
  size_t n;
  while (buf != NULL && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (cap - len - 1 == 0) {
      char *bigger = realloc(buf, cap * 2);
      if (bigger == NULL) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = bigger;
      cap *= 2;
    }
  }
  fclose(f);
  if (buf != NULL) buf[len] = '\0';
  return buf;
}

int main(int argc, char **argv) {
  CHECK(strcmp(xorigin_version(), "0.1.0") == 0);
  CHECK(strcmp(xorigin_last_error_message(), "") == 0);
  preflighted_fetch_is_cached_and_reused();
  a_failed_preflight_and_a_network_failure_are_network_errors();
  bad_arguments_are_errors_not_crashes();
  one_shot_json_calls();

  int scenarios = 0;
  for (int i = 1; i < argc; i++) {
    char *text = read_file(argv[i]);
    CHECK(text != NULL);
    if (text == NULL) continue;
    char *json = NULL;
    XoriginStatus status = xorigin_simulate(text, NULL, &json);
    if (status != XORIGIN_STATUS_OK) fprintf(stderr, "%s: status %d\n", argv[i], (int)status);
    CHECK(status == XORIGIN_STATUS_OK);
    CHECK(CONTAINS(json, "\"expect\":"));
    xorigin_string_free(json);
    free(text);
    scenarios++;
  }

  printf("drive.c: %d checks, %d failed; %d scenarios simulated\n", checks, failures,
         scenarios);
  return failures == 0 ? 0 : 1;
}
