# vigil-test: {}
# Without a Hugging Face import nothing is reported.
import mylib

# ok: B615
mylib.transformers.AutoModel.from_pretrained("bert")
