// Connects to /ws on the same host (ws:// or wss:// as the page came) and shows what the app echoes.
(function () {
  var log = document.getElementById('log');
  var state = document.getElementById('state');
  var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  var socket = new WebSocket(scheme + location.host + '/ws');

  function show(line) {
    log.textContent += line + '\n';
  }

  socket.onopen = function () {
    state.textContent = 'open';
    socket.send('first message');
  };
  socket.onmessage = function (event) {
    show('echo: ' + event.data);
  };
  socket.onclose = function (event) {
    state.textContent = 'closed (' + event.code + ')';
  };
  socket.onerror = function () {
    state.textContent = 'error';
  };
  document.getElementById('send').addEventListener('submit', function (event) {
    event.preventDefault();
    var text = document.getElementById('text').value;
    if (socket.readyState === WebSocket.OPEN) {
      socket.send(text);
      show('sent: ' + text);
    }
  });
})();
