// Objects go in properties: the error shown under bad-credentials, and any state's label.
document.getElementById('status-error').error = { code: 20101, message: 'Invalid Access Token' };
document.getElementById('status-french').strings = { ready: 'Prêt à appeler' };
