export default function Page() {
  return <p>files</p>;
}
