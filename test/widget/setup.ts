// fake-indexeddb first: happy-dom has no indexedDB (see fakeIndexedDB issue 82 on load order).
import 'fake-indexeddb/auto';
