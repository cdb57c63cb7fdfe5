// Boots Swagger UI on an API's Swagger page. The decorated spec is embedded in the page (no
// fetch), so the page also works when exported and opened from disk. Nothing here may reach
// beyond the page's own origin and the mocks: the online validator badge is off, and no
// URL/config is read from the query string. The documented credentials are pre-filled so that
// "Try it out" works on the first press.
(function bootSwaggerPage() {
  var spec = JSON.parse(document.getElementById('openapi-document').textContent);
  var prefill = JSON.parse(document.getElementById('swagger-prefill').textContent);
  window.ui = SwaggerUIBundle({
    spec: spec,
    dom_id: '#swagger-ui',
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    validatorUrl: null,
    queryConfigEnabled: false,
    deepLinking: true,
    displayOperationId: true,
    displayRequestDuration: true,
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
    showCommonExtensions: true,
    tryItOutEnabled: false,
    onComplete: function () {
      prefill.basic.forEach(function (b) { window.ui.preauthorizeBasic(b.scheme, b.user, b.password); });
      prefill.apiKey.forEach(function (k) { window.ui.preauthorizeApiKey(k.scheme, k.value); });
    },
  });
})();
